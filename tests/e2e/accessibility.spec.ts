import { expect, keepScreenshot, seriousViolations, test, translateImage } from './fixtures';

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

test('an image with its translation, its controls and a failure message has no serious violations', async ({ worker, openPage, fake }) => {
  const page = await openPage('/responsive.html');
  await translateImage(worker, page, page.locator('#picture'));
  await expect(page.getByRole('button', { name: 'Show original' })).toHaveCount(1);
  fake.inject({ on: 'task', outcome: 'fail' });
  await translateImage(worker, page, page.locator('#srcset'));
  await expect(page.getByRole('alert')).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
});
