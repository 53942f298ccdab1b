import { describe, expect, it } from 'vitest';
import { autoSiteFor, autoSitesTextSchema, coversHost, hostOfLine, siteOrigins, sitesToGiveBack, webHostOf } from './auto-sites';

describe('the sites translated automatically', () => {
  it('reads a typed line as a lowercase host name, a pasted address as its host', () => {
    expect(hostOfLine('  Manga.Example ')).toBe('manga.example');
    expect(hostOfLine('https://www.manga.example/chapter/12?page=3')).toBe('www.manga.example');
    expect(hostOfLine('manga.example/chapter/12')).toBe('manga.example');
    expect(hostOfLine('http://manga.example:8080/')).toBe('manga.example');
    expect(hostOfLine('localhost')).toBe('localhost');
    for (const bad of ['manga example', '*.manga.example', 'ftp://manga.example/', '-manga.example', 'manga..example', 'https://', '']) {
      expect(hostOfLine(bad), bad).toBeUndefined();
    }
  });

  it('takes the options’ text one host a line, skipping blank lines and repeats, and names each bad line', () => {
    expect(autoSitesTextSchema.parse('manga.example\n\n  https://shop.example/item\nMANGA.example\n')).toEqual([
      'manga.example',
      'shop.example',
    ]);
    const refused = autoSitesTextSchema.safeParse('manga.example\nnot a site\nbad_host!');
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.message)).toEqual([
      '“not a site” is not a site’s name. Enter one host name a line, such as manga.example.',
      '“bad_host!” is not a site’s name. Enter one host name a line, such as manga.example.',
    ]);
    expect(autoSitesTextSchema.parse('')).toEqual([]);
  });

  it('covers a site’s subdomains, and no other site that merely ends the same way', () => {
    expect(coversHost('manga.example', 'manga.example')).toBe(true);
    expect(coversHost('manga.example', 'www.manga.example')).toBe(true);
    expect(coversHost('manga.example', 'img.cdn.manga.example')).toBe(true);
    expect(coversHost('manga.example', 'notmanga.example')).toBe(false);
    expect(coversHost('www.manga.example', 'manga.example')).toBe(false);
  });

  it('finds the listed site of a web page, and none for other pages or addresses', () => {
    const sites = ['shop.example', 'manga.example'];
    expect(autoSiteFor(sites, 'https://www.manga.example/read/1')).toBe('manga.example');
    expect(autoSiteFor(sites, 'http://shop.example:8080/item')).toBe('shop.example');
    expect(autoSiteFor(sites, 'https://evil.example/?manga.example')).toBeUndefined();
    expect(autoSiteFor(sites, 'file:///home/manga.example/')).toBeUndefined();
    expect(autoSiteFor(sites, undefined)).toBeUndefined();
    expect(webHostOf('not an address')).toBeUndefined();
  });

  it('asks for each scheme of the site and its subdomains, each within an optional all-sites pattern', () => {
    expect(siteOrigins('manga.example')).toEqual([
      'https://manga.example/*',
      'https://*.manga.example/*',
      'http://manga.example/*',
      'http://*.manga.example/*',
    ]);
  });

  it('gives back the access of a removed site only when no listed site shares a host with it', () => {
    expect(sitesToGiveBack(['shop.example', 'www.manga.example', 'img.example'], ['manga.example', 'cdn.img.example'])).toEqual([
      'shop.example',
    ]);
  });
});
