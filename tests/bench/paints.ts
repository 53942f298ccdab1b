import type { Page } from '@playwright/test';

type PaintedWindow = Window & { painted: Record<string, number> };

/**
 * Records, in the page, when each image (by id) first shows a translation: src swapped to a blob:, decoded, and a
 * frame drawn. Read from the page's DOM as a reader's browser shows it, nothing of the extension's internals.
 */
export async function watchPaints(page: Page): Promise<void> {
  await page.evaluate(() => {
    const painted: Record<string, number> = {};
    (window as unknown as PaintedWindow).painted = painted;
    new MutationObserver((records) => {
      for (const record of records) {
        const img = record.target as HTMLImageElement;
        if (!img.src.startsWith('blob:') || painted[img.id]) continue;
        void img.decode().then(() => requestAnimationFrame(() => (painted[img.id] ??= Date.now())));
      }
    }).observe(document.body, { attributes: true, attributeFilter: ['src'], subtree: true });
  });
}

/** When each image was painted, waiting for all of them (up to `timeoutMs`, then an error). */
export async function paintedAt(page: Page, ids: string[], timeoutMs = 180_000): Promise<number[]> {
  await page.waitForFunction((ids) => ids.every((id) => (window as unknown as PaintedWindow).painted[id]), ids, { timeout: timeoutMs });
  return page.evaluate((ids) => ids.map((id) => (window as unknown as PaintedWindow).painted[id]!), ids);
}

/** The images painted so far, by id. */
export async function paintedSoFar(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => ({ ...(window as unknown as PaintedWindow).painted }));
}
