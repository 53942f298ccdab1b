/**
 * The API key lives in the extension origin's IndexedDB, not in `storage.local`: content scripts can read
 * `storage.local`, but never the extension's own IndexedDB. Only extension pages and the worker reach it.
 */
const DB_NAME = 'qwen-image-translator-secrets';
const STORE = 'secrets';
const KEY = 'dashscope-api-key';

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

export async function getApiKey(): Promise<string> {
  const value = await run<unknown>('readonly', (store) => store.get(KEY));
  return typeof value === 'string' ? value : '';
}

export async function setApiKey(apiKey: string): Promise<void> {
  const trimmed = apiKey.trim();
  if (trimmed) await run('readwrite', (store) => store.put(trimmed, KEY));
  else await run('readwrite', (store) => store.delete(KEY));
}
