import { expect, type CDPSession, type Page } from '@playwright/test';

/**
 * The on-image UI (progress, failures and their buttons, Show original / Show translation, the hover button)
 * lives in closed shadow roots, which neither page scripts nor Playwright's locators enter. These helpers find
 * it as assistive technology does, in the browser's accessibility tree over CDP, which takes in closed shadow
 * roots, and press it as a user does: real mouse input at its box, once hit testing says nothing else is over
 * it there. The page's root frame only: no spec has on-image UI in a frame (CDP gives a same-process frame's
 * tree only when asked by its frameId, and a cross-site frame lives in a target of its own).
 */

export type LiveRole = 'status' | 'alert';

/** CSS pixels in the viewport. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Found {
  backendNodeId: number;
  /** What a screen reader reads in it: the text of everything inside, in order. */
  text: string;
  focused: boolean;
  /** Its DOM node and those inside it: hit testing answers with the innermost one under the point. */
  nodesInside: Set<number>;
}

/** The page's accessibility tree: every node, with its role, name, properties and DOM node. */
const axTree = async (cdp: CDPSession) => (await cdp.send('Accessibility.getFullAXTree')).nodes;
type AXNode = Awaited<ReturnType<typeof axTree>>[number];

const sessions = new WeakMap<Page, Promise<CDPSession>>();

function session(page: Page): Promise<CDPSession> {
  let cdp = sessions.get(page);
  if (!cdp) {
    cdp = page.context().newCDPSession(page);
    sessions.set(page, cdp);
  }
  return cdp;
}

/** Every node of a role the page exposes now, in page order; with `name`, only that accessible name. */
async function find(page: Page, role: 'button' | LiveRole, name?: string, within?: LiveRole): Promise<Found[]> {
  const nodes = await axTree(await session(page));
  const byId = new Map(nodes.map((node) => [node.nodeId, node]));
  const inside = (node: AXNode): AXNode[] =>
    (node.childIds ?? []).flatMap((id) => {
      const child = byId.get(id);
      return child ? [child, ...inside(child)] : [];
    });
  const isWithin = (node: AXNode) => {
    for (let up = byId.get(node.parentId ?? ''); up; up = byId.get(up.parentId ?? '')) if (up.role?.value === within) return true;
    return false;
  };
  return nodes
    .filter((node) => !node.ignored && node.role?.value === role && (name === undefined || node.name?.value === name))
    .filter((node) => node.backendDOMNodeId !== undefined && (!within || isWithin(node)))
    .map((node) => {
      const descendants = inside(node);
      return {
        backendNodeId: node.backendDOMNodeId!,
        text: descendants
          .filter((d) => !d.ignored && d.role?.value === 'StaticText')
          .map((d) => String(d.name?.value ?? ''))
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
        focused: node.properties?.some((p) => p.name === 'focused' && p.value.value === true) ?? false,
        nodesInside: new Set([node, ...descendants].flatMap((d) => (d.backendDOMNodeId === undefined ? [] : [d.backendDOMNodeId]))),
      };
    });
}

/** Where a node shows in the viewport; null when it has no box (display: none, or gone since it was found). */
async function boxOf(page: Page, backendNodeId: number): Promise<Box | null> {
  const cdp = await session(page);
  // CDP answers a node with no layout with an error: that is the "no box" this returns.
  const quads = await cdp.send('DOM.getContentQuads', { backendNodeId }).then(
    (reply) => reply.quads,
    () => [],
  );
  const quad = quads[0];
  if (!quad) return null;
  const xs = [quad[0]!, quad[2]!, quad[4]!, quad[6]!];
  const ys = [quad[1]!, quad[3]!, quad[5]!, quad[7]!];
  const box = {
    x: Math.min(...xs),
    y: Math.min(...ys),
    width: Math.max(...xs) - Math.min(...xs),
    height: Math.max(...ys) - Math.min(...ys),
  };
  return box.width > 0 && box.height > 0 ? box : null;
}

/** The live regions of a role the page shows, as a screen reader reads them, and whether each has a box on screen. */
export async function regions(page: Page, role: LiveRole): Promise<{ text: string; visible: boolean }[]> {
  const found = await find(page, role);
  return Promise.all(found.map(async (region) => ({ text: region.text, visible: (await boxOf(page, region.backendNodeId)) !== null })));
}

/** Waits until the page shows exactly one region of the role, on screen, and it contains `text` (by default, any). */
export async function expectRegion(page: Page, role: LiveRole, text: string | RegExp = ''): Promise<void> {
  const wanted = text instanceof RegExp ? expect.stringMatching(text) : expect.stringContaining(text);
  await expect
    .poll(() => regions(page, role), { message: `one ${role} on the image, containing ${String(text)}` })
    .toEqual([{ text: wanted, visible: true }]);
}

/** Waits until the page shows no region of the role. */
export async function expectNoRegion(page: Page, role: LiveRole): Promise<void> {
  await expect.poll(() => regions(page, role), { message: `no ${role} on the image` }).toEqual([]);
}

/** How many buttons of this name the page exposes to assistive technology (as `getByRole(...).count()`). */
export async function countButtons(page: Page, name: string, options: { within?: LiveRole } = {}): Promise<number> {
  return (await find(page, 'button', name, options.within)).length;
}

/** The one button of this name, scrolled into view: its box, or why there is none. */
async function buttonBoxOrWhy(page: Page, name: string, within?: LiveRole): Promise<{ button: Found; box: Box } | string> {
  const found = await find(page, 'button', name, within);
  if (found.length !== 1) return `${found.length} buttons named "${name}"${within ? ` in the ${within}` : ''}`;
  const button = found[0]!;
  if (!(await boxOf(page, button.backendNodeId))) return `"${name}" has no box on screen`;
  await (await session(page)).send('DOM.scrollIntoViewIfNeeded', { backendNodeId: button.backendNodeId });
  const box = await boxOf(page, button.backendNodeId);
  return box ? { button, box } : `"${name}" has no box on screen`;
}

/** Waits until the page shows exactly one button of this name with a box on screen (as `toBeVisible`). */
export async function expectButton(page: Page, name: string, options: { within?: LiveRole } = {}): Promise<void> {
  await expect
    .poll(async () => {
      const found = await buttonBoxOrWhy(page, name, options.within);
      return typeof found === 'string' ? found : 'shown';
    })
    .toBe('shown');
}

/** The box of the one button of this name, scrolled into view, once it has one. */
export async function buttonBox(page: Page, name: string, options: { within?: LiveRole } = {}): Promise<Box> {
  let box: Box | undefined;
  await expect
    .poll(async () => {
      const found = await buttonBoxOrWhy(page, name, options.within);
      if (typeof found === 'string') return found;
      box = found.box;
      return 'shown';
    })
    .toBe('shown');
  return box!;
}

/**
 * Clicks the one button of this name as a user does: the pointer moves onto it (so controls that show on hover
 * show), hit testing must find the button itself there, not something of the page over it, and then a real
 * mouse click lands: trusted input, the only kind our buttons heed.
 */
export async function clickButton(page: Page, name: string, options: { within?: LiveRole } = {}): Promise<void> {
  let point: { x: number; y: number } | undefined;
  await expect
    .poll(
      async () => {
        const found = await buttonBoxOrWhy(page, name, options.within);
        if (typeof found === 'string') return found;
        const { button, box } = found;
        // Whole pixels: hit testing takes integers.
        point = { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
        await page.mouse.move(point.x, point.y);
        const cdp = await session(page);
        await cdp.send('DOM.getDocument', { depth: 0 });
        const hit = await cdp.send('DOM.getNodeForLocation', { ...point, ignorePointerEventsNone: false });
        return button.nodesInside.has(hit.backendNodeId) ? 'under the pointer' : `something else is over "${name}"`;
      },
      { message: `the button "${name}" can be clicked` },
    )
    .toBe('under the pointer');
  await page.mouse.click(point!.x, point!.y);
}

/** Whether the one button of this name has the keyboard focus (as `toBeFocused`). */
export async function isFocused(page: Page, name: string): Promise<boolean> {
  const found = await find(page, 'button', name);
  return found.length === 1 && found[0]!.focused;
}
