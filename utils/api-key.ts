import { z } from 'zod';
import { loadSettings } from './settings';

/**
 * The API key lives in the extension origin's IndexedDB, not in `storage.local`: content scripts can read
 * `storage.local`, but never the extension's own IndexedDB. Only extension pages and the worker reach it.
 *
 * It is stored with the endpoint it was saved for, and handed out only for that endpoint: a job queued for
 * one endpoint, or an endpoint changed by other means than the options' Save, never carries the key elsewhere.
 */
const DB_NAME = 'qwen-image-translator-secrets';
const STORE = 'secrets';
const KEY = 'dashscope-api-key';

/** A saved key and the endpoint it goes to; `endpoint` null: none (an old key whose endpoint is unknown). */
export interface SavedApiKey {
  apiKey: string;
  endpoint: string | null;
}

/** What the store holds, read: a key, no key, or something that is not one (the options page says so). */
export type StoredApiKey = SavedApiKey | 'none' | 'unreadable';

const recordSchema = z.object({ apiKey: z.string().min(1), endpoint: z.string().min(1) });
/** How keys were stored before they were bound to an endpoint. */
const plainKeySchema = z.string().min(1);

/**
 * Reads the stored value. A plain key, from before keys were bound, is bound to the endpoint the settings hold
 * (the one it was saved with, since only the options' Save changes either), or to none when the settings'
 * endpoint was unreadable (`settingsEndpoint` null): the user then saves the key again with an endpoint.
 */
export function readStoredApiKey(stored: unknown, settingsEndpoint: string | null): StoredApiKey {
  if (stored === undefined) return 'none';
  const record = recordSchema.safeParse(stored);
  if (record.success) return record.data;
  const plain = plainKeySchema.safeParse(stored);
  return plain.success ? { apiKey: plain.data, endpoint: settingsEndpoint } : 'unreadable';
}

/** The key to send to `endpoint`: the stored one only if it was saved for exactly that endpoint, else ''. */
export function apiKeyForEndpoint(stored: StoredApiKey, endpoint: string): string {
  return typeof stored === 'object' && stored.endpoint !== null && stored.endpoint === endpoint ? stored.apiKey : '';
}

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(db.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  } finally {
    db.close();
  }
}

/** The endpoint in the settings, or null when it was unreadable: what a key from before keys were bound goes to. */
async function settingsEndpoint(): Promise<string | null> {
  const { settings, repaired } = await loadSettings();
  return repaired.some((repair) => repair.field === 'endpoint') ? null : settings.endpoint;
}

/** The stored key and its endpoint (the options page shows the key). */
export async function loadApiKey(): Promise<StoredApiKey> {
  const stored = await run<unknown>('readonly', (store) => store.get(KEY));
  // Only a key from before keys were bound needs the settings: the engine's lookups stay one read.
  return readStoredApiKey(stored, typeof stored === 'string' ? await settingsEndpoint() : null);
}

/** The key to send to `endpoint`, or '' when none was saved for it. */
export async function getApiKeyFor(endpoint: string): Promise<string> {
  return apiKeyForEndpoint(await loadApiKey(), endpoint);
}

/** The key for the endpoint in the settings, or '': whether translating can start at all. */
export async function getApiKey(): Promise<string> {
  const [stored, { settings }] = await Promise.all([loadApiKey(), loadSettings()]);
  return apiKeyForEndpoint(stored, settings.endpoint);
}

/** Saves the key for this endpoint alone (the options' Save stores both together); an empty key removes it. */
export async function setApiKey(apiKey: string, endpoint: string): Promise<void> {
  const trimmed = apiKey.trim();
  if (trimmed) await run('readwrite', (store) => store.put({ apiKey: trimmed, endpoint }, KEY));
  else await run('readwrite', (store) => store.delete(KEY));
}
