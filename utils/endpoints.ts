import { z } from 'zod';
import { i18n } from '#i18n';
import { regionModels } from './models';

/** The regions' own endpoints, with the model each offers; `label` is read in the interface's language. */
export const endpointPresets = [
  {
    get label() {
      return i18n.t('settings.endpoints.beijing');
    },
    url: regionModels[0].endpoint,
    model: regionModels[0].model,
  },
  {
    get label() {
      return i18n.t('settings.endpoints.singapore');
    },
    url: regionModels[1].endpoint,
    model: regionModels[1].model,
  },
] as const;

export const DEFAULT_ENDPOINT = endpointPresets[0].url;

/** Hosts that are this computer itself: plain http to them never crosses a network. */
function isLoopback(hostname: string): boolean {
  // The URL parser writes IPv4 addresses in dotted decimal ("127.1" becomes "127.0.0.1") and IPv6 compressed.
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * A base URL such as https://dashscope.aliyuncs.com: no query, trailing slashes dropped. It must be https, since
 * the API key travels with every request; plain http only to this computer (a local gateway or test server).
 */
export const endpointSchema = z
  .string()
  .trim()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        // Two addresses pasted together still parse as one ("https://a.comhttp://b"): refuse them.
        const oneAddress = value.indexOf('://') === value.lastIndexOf('://');
        return (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash && oneAddress;
      } catch {
        return false;
      }
    },
    { error: () => i18n.t('settings.endpointInvalid'), abort: true },
  )
  .refine((value) => new URL(value).protocol === 'https:' || isLoopback(new URL(value).hostname), {
    error: () => i18n.t('settings.endpointNotHttps'),
  })
  .transform((value) => value.replace(/\/+$/, ''));
