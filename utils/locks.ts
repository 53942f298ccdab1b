/**
 * Runs a read-modify-write of stored data under a Web Lock that the popup, the options page and the worker share
 * (Web Locks are per origin), so that two writes at once, from two contexts, never lose one another's change.
 * Where there are no Web Locks (unit tests in node), it runs directly.
 */
export async function exclusively<T>(name: string, write: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? await locks.request(name, write) : write();
}
