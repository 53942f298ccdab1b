import { parseHTML } from 'linkedom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadFile } from './download';

describe('downloadFile', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('clicks a hidden link to the file under its name, leaves no link behind, and lets the address go later', () => {
    vi.useFakeTimers();
    const { document } = parseHTML('<!doctype html><html><body></body></html>');
    vi.stubGlobal('document', document);
    const clicked: { href: string; download: string; hidden: boolean }[] = [];
    vi.spyOn(Object.getPrototypeOf(document.createElement('a')) as HTMLAnchorElement, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push({ href: this.href, download: this.download, hidden: this.hidden });
    });
    const revoked = vi.spyOn(URL, 'revokeObjectURL');

    downloadFile(new Blob(['src,tgt\r\n'], { type: 'text/csv' }), 'terms-zh-en.csv');

    expect(clicked).toEqual([{ href: expect.stringMatching(/^blob:/), download: 'terms-zh-en.csv', hidden: true }]);
    expect(document.querySelectorAll('a')).toHaveLength(0);
    expect(revoked).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(revoked).toHaveBeenCalledWith(clicked[0]!.href);
  });
});
