import { browser } from 'wxt/browser';
import { siteOrigins, sitesToGiveBack } from './auto-sites';
import { isHoverButtonOn } from './hover-button-setting';

/**
 * Access to the sites translated automatically: asked for when a site is added (call it first thing in the
 * click or submit handler, while the gesture counts; it resolves `true` without a prompt when access is held),
 * given back when it is removed.
 */
export async function askForSites(sites: readonly string[]): Promise<boolean> {
  if (sites.length === 0) return true;
  return browser.permissions.request({ origins: sites.flatMap(siteOrigins) });
}

export function siteAllowed(site: string): Promise<boolean> {
  return browser.permissions.contains({ origins: siteOrigins(site) });
}

/** Gives back the access of sites taken off the list, except what a site still listed or the hover button needs. */
export async function giveBackSites(removed: readonly string[], remaining: readonly string[]): Promise<void> {
  const origins = sitesToGiveBack(removed, remaining).flatMap(siteOrigins);
  // The button on images holds every site: taking one back would take it from the button.
  if (origins.length === 0 || (await isHoverButtonOn())) return;
  // Only optional access can be given back: a build that holds these hosts from install (the end-to-end one)
  // refuses, and there is then nothing to give back.
  await browser.permissions.remove({ origins }).catch(() => false);
}
