/**
 * The element all our UI in a page hangs from, built for hostile pages. Its shadow root is closed, so no page
 * script reaches our buttons to press, restyle or move them. It is a plain <div>, not a custom element: a page
 * that defines a custom element of our tag name would get ours upgraded to its class, and
 * `attachInternals().shadowRoot` hands even a closed root to that class. Its own styles are inline and
 * `!important`, which outranks every page style sheet, with `all: initial` first, so nothing the page sets
 * for it (hidden, transparent, enlarged, transformed) applies; a page script that rewrites its attributes
 * finds them put back before the next frame. DOM only.
 */
export interface PinnedHost {
  readonly host: HTMLElement;
  readonly shadow: ShadowRoot;
  /** Sets more of the host's pinned styles (CSS property names, such as `top` or `z-index`). */
  pin(styles: Record<string, string>): void;
}

export function createPinnedHost(css: string, styles: Record<string, string>): PinnedHost {
  const host = document.createElement('div');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = document.createElement('style');
  // The page may give our host a ::before or ::after over it: the shadow root's own rules outrank the page's.
  style.textContent = `:host::before,:host::after{display:none!important}${css}`;
  shadow.append(style);
  const pinned: Record<string, string> = { all: 'initial', display: 'block', ...styles };
  const write = () => {
    for (const name of host.getAttributeNames()) host.removeAttribute(name);
    host.setAttribute(
      'style',
      Object.entries(pinned)
        .map(([name, value]) => `${name}:${value}!important`)
        .join(';'),
    );
    // Our own writes are dropped unseen: the watcher answers the page, never itself.
    watcher.takeRecords();
  };
  const watcher = new MutationObserver(write);
  write();
  watcher.observe(host, { attributes: true });
  return {
    host,
    shadow,
    pin(more) {
      Object.assign(pinned, more);
      write();
    },
  };
}
