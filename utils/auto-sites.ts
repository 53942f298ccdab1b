import { z } from 'zod';
import { i18n } from '#i18n';

/**
 * The sites where pictures are translated ahead of the scroll: host names, each covering its subdomains
 * (`manga.example` covers `www.manga.example`). The worker registers the look-ahead script on those the user
 * gave access to, and checks every page that asks against this list again.
 */

/** At most this many sites are kept: each is a content-script match the browser checks on every page. */
export const MAX_AUTO_SITES = 200;

/** Lowercase labels of letters, digits and hyphens, joined by dots: what a site's host name is. */
const HOST = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(?:\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;

/** A host as stored. */
export const autoSiteSchema = z.string().regex(HOST);

/** A typed line as a host name: trimmed, lowercased, a pasted address reduced to its host; undefined for anything else. */
export function hostOfLine(line: string): string | undefined {
  const text = line.trim().toLowerCase();
  let host = text;
  if (text.includes('/') || text.includes(':')) {
    try {
      const url = new URL(text.includes('://') ? text : `http://${text}`);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
      host = url.hostname;
    } catch {
      return undefined;
    }
  }
  return HOST.test(host) ? host : undefined;
}

/** The options' text area (one host a line, blank lines ignored) as the list it stores, each host once. */
export const autoSitesTextSchema = z
  .string()
  .transform((text, context) => {
    const hosts: string[] = [];
    for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
      const host = hostOfLine(line);
      if (host === undefined) context.addIssue({ code: 'custom', message: i18n.t('settings.autoSiteInvalid', { line: line.trim() }) });
      else if (!hosts.includes(host)) hosts.push(host);
    }
    return hosts;
  })
  .pipe(z.array(autoSiteSchema).max(MAX_AUTO_SITES, { error: () => i18n.t('settings.tooManyAutoSites', { max: MAX_AUTO_SITES }) }));

/** Whether `site` covers `host`: the same host, or one of its subdomains. */
export function coversHost(site: string, host: string): boolean {
  return host === site || host.endsWith(`.${site}`);
}

/** The host of a web page's address (http or https), lowercased; undefined for any other address. */
export function webHostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** The site on the list that covers a page's address, if any. */
export function autoSiteFor(sites: readonly string[], pageUrl: string | undefined): string | undefined {
  const host = webHostOf(pageUrl);
  return host === undefined ? undefined : sites.find((site) => coversHost(site, host));
}

/**
 * The match patterns of a site and its subdomains: what access to it is asked for, and where the script goes.
 * A scheme each rather than `*://`: each pattern must fall within one optional host permission (`http://*\/*` or
 * `https://*\/*`, wxt.config.ts) for the browser to ask for it.
 */
export function siteOrigins(site: string): string[] {
  return ['https', 'http'].flatMap((scheme) => [`${scheme}://${site}/*`, `${scheme}://*.${site}/*`]);
}

/**
 * The sites whose access can be given back once `removed` left the list: those that share no host with a site
 * still listed (a listed `manga.example` still needs `www.manga.example`'s access, and the other way round).
 */
export function sitesToGiveBack(removed: readonly string[], remaining: readonly string[]): string[] {
  return removed.filter((site) => !remaining.some((other) => coversHost(other, site) || coversHost(site, other)));
}
