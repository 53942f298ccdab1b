/**
 * Runs a read-modify-write of stored data under a Web Lock that the popup, the options page and the worker share
 * (Web Locks are per origin), so that two writes at once, from two contexts, never lose one another's change.
 * Every read-modify-write of extension storage goes through here, one lock name per stored item.
 * Where there are no Web Locks (unit tests in node), writes of one name still run one after another in this context.
 */
export async function exclusively<T>(name: string, write: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? await locks.request(name, write) : inTurn(name, write);
}

/** The last write queued under each name, in this context (Web Locks absent). */
const lastWrites = new Map<string, Promise<unknown>>();

function inTurn<T>(name: string, write: () => Promise<T>): Promise<T> {
  const next = (lastWrites.get(name) ?? Promise.resolve()).then(write, write);
  const settled = next.catch(() => undefined);
  lastWrites.set(name, settled);
  // The map forgets a name once its queue is empty.
  void settled.then(() => lastWrites.get(name) === settled && lastWrites.delete(name));
  return next;
}
