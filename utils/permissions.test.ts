import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ensureHostPermission, originPattern } from './permissions';

describe('originPattern', () => {
  it('covers the whole origin of a bare base URL', () => {
    expect(originPattern('https://gw.example.com')).toBe('https://gw.example.com/*');
  });

  it('drops the path, query, trailing slashes and surrounding spaces', () => {
    expect(originPattern('  https://gw.example.com/dashscope/v1/?x=1  ')).toBe('https://gw.example.com/*');
  });

  it('drops the port, since a pattern without one matches every port', () => {
    expect(originPattern('http://127.0.0.1:8080/api')).toBe('http://127.0.0.1/*');
    expect(originPattern('https://gw.example.com:443')).toBe('https://gw.example.com/*');
  });

  it('keeps plain http, for gateways on a local network', () => {
    expect(originPattern('http://proxy.lan')).toBe('http://proxy.lan/*');
  });

  it('lower-cases the host', () => {
    expect(originPattern('HTTPS://GW.Example.COM')).toBe('https://gw.example.com/*');
  });

  it('leaves out user info', () => {
    expect(originPattern('https://user:secret@gw.example.com')).toBe('https://gw.example.com/*');
  });

  it('keeps IPv6 hosts in brackets', () => {
    expect(originPattern('http://[::1]:3000')).toBe('http://[::1]/*');
  });

  it('refuses what is not an http(s) address', () => {
    expect(() => originPattern('gw.example.com')).toThrow();
    expect(() => originPattern('ftp://gw.example.com')).toThrow();
    expect(() => originPattern('')).toThrow();
  });
});

describe('ensureHostPermission', () => {
  /** The fake browser leaves `permissions` unimplemented; these stand in for the user's answer. */
  function grantState(held: boolean, answer: boolean) {
    const contains = vi.fn(async () => held);
    const request = vi.fn(async () => answer);
    Object.assign(fakeBrowser.permissions, { contains, request });
    return { contains, request };
  }

  afterEach(() => fakeBrowser.reset());

  it('does not prompt when access is already held', async () => {
    const { request } = grantState(true, true);
    await expect(ensureHostPermission('https://gw.example.com/v1')).resolves.toBe(true);
    expect(request).not.toHaveBeenCalled();
  });

  it('asks for the origin when access is missing, and reports the answer', async () => {
    const { contains, request } = grantState(false, false);
    await expect(ensureHostPermission('https://gw.example.com/v1')).resolves.toBe(false);
    expect(contains).toHaveBeenCalledWith({ origins: ['https://gw.example.com/*'] });
    expect(request).toHaveBeenCalledWith({ origins: ['https://gw.example.com/*'] });
  });
});
