import type { Page } from '@playwright/test';
import { expect, keepScreenshot, seriousViolations, test, translateImage } from './fixtures';
import { countButtons, expectButton, expectRegion } from './on-image';

/**
 * Tabs through a page as a keyboard user does, until the focus comes back round. Returns the controls the
 * focus never reached, and those it reached with nothing on screen to show it (no outline, no ring).
 */
async function tabThrough(page: Page): Promise<{ unreached: string[]; unseen: string[] }> {
  const unseen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const step = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return { name: '', again: false, shown: true };
      const again = element.dataset.tabbed === 'yes';
      element.dataset.tabbed = 'yes';
      const ring = (e: Element) => {
        const style = getComputedStyle(e);
        return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      };
      // A visually hidden file input shows its focus on the label around it.
      const shown = ring(element) || [element.closest('label')].some((label) => label !== null && ring(label));
      const name = `${element.tagName.toLowerCase()} ${element.id || element.getAttribute('aria-label') || element.textContent?.trim().slice(0, 40)}`;
      return { name, again, shown };
    });
    if (step.again) break;
    if (!step.shown) unseen.add(step.name);
  }
  const unreached = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex="0"]')]
      .filter((e) => !(e as HTMLButtonElement).disabled && e.getClientRects().length > 0 && e.dataset.tabbed !== 'yes')
      .map((e) => `${e.tagName.toLowerCase()} ${e.id || e.getAttribute('aria-label') || e.textContent?.trim().slice(0, 40)}`),
  );
  return { unreached, unseen: [...unseen] };
}

test('the popup has no serious accessibility violations, and every control is reachable by keyboard', async ({
  context,
  extensionId,
  openPage,
}) => {
  await openPage('/basic.html');
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.getByLabel('Target language')).toBeVisible();
  expect(await seriousViolations(popup)).toEqual([]);
  await keepScreenshot(popup, 'popup');

  const reached = new Set<string>();
  for (let i = 0; i < 12; i++) {
    await popup.keyboard.press('Tab');
    reached.add(
      await popup.evaluate(
        () => document.activeElement?.getAttribute('aria-label') || document.activeElement?.id || document.activeElement?.textContent || '',
      ),
    );
  }
  for (const control of ['source', 'target', 'Translate all images on this page', 'show-originals']) {
    expect(
      [...reached].some((name) => name.includes(control)),
      `${control} is reached by Tab`,
    ).toBe(true);
  }
});

test('the options page has no serious accessibility violations', async ({ context, extensionId, openPage }) => {
  await openPage('/basic.html');
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByLabel('API key', { exact: true })).toHaveValue(/sk-/);
  expect(await seriousViolations(options)).toEqual([]);
  await keepScreenshot(options, 'options');
});

test('every control of the popup and the options is reached by Tab, and shows where the focus is', async ({
  context,
  extensionId,
  openPage,
}) => {
  await openPage('/basic.html');
  for (const path of ['popup.html', 'options.html']) {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/${path}`);
    await expect(page.getByLabel('Target language').first()).toBeVisible();
    expect({ path, ...(await tabThrough(page)) }).toEqual({ path, unreached: [], unseen: [] });
    await page.close();
  }
});

test('an image with its translation, its controls and a failure message has no serious violations', async ({ worker, openPage, fake }) => {
  const page = await openPage('/responsive.html');
  await translateImage(worker, page, page.locator('#picture'));
  await expect.poll(() => countButtons(page, 'Show original')).toBe(1);
  fake.inject({ on: 'task', outcome: 'fail' });
  await translateImage(worker, page, page.locator('#srcset'));
  await expectRegion(page, 'alert');
  // Found above by role and name in the browser's accessibility tree, as a screen reader finds them.
  await expectButton(page, 'Try again', { within: 'alert' });
  // axe-core cannot enter the closed shadow roots the controls live in: it checks the page around them, which
  // the controls and the translation (same box, same alt text) must leave as it was.
  expect(await seriousViolations(page)).toEqual([]);
});
