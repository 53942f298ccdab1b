import { browser } from 'wxt/browser';
import { i18n } from '#i18n';

/**
 * The match pattern that grants access to an endpoint's origin, e.g. `https://gw.example.com/*`.
 * The port is left out on purpose: a pattern without one covers every port, and it keeps a gateway on
 * `http://127.0.0.1:8080` inside the loopback hosts the end-to-end build already holds.
 * Throws on anything that is not an http(s) address; validate the endpoint first.
 */
export function originPattern(endpoint: string): string {
  const url = new URL(endpoint.trim());
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(i18n.t('permissions.notHttp', { address: endpoint }));
  }
  return `${url.protocol}//${url.hostname}/*`;
}

/**
 * Makes sure the worker may reach `endpoint`, asking the user when it may not yet.
 *
 * `permissions.request` needs the user's gesture, so call this straight from a click or submit handler,
 * before anything else is awaited there. Chrome keeps the gesture for a few seconds across the
 * `contains` round trip; Firefox keeps it only for the synchronous part of the handler, so there we go
 * straight to `request`, which resolves `true` without a prompt when access is already held.
 */
export async function ensureHostPermission(endpoint: string): Promise<boolean> {
  const wanted = { origins: [originPattern(endpoint)] };
  if (import.meta.env.FIREFOX) return browser.permissions.request(wanted);
  if (await browser.permissions.contains(wanted)) return true;
  return browser.permissions.request(wanted);
}
