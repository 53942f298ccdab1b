import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { openPopupFor, translatePage } from './extension';

/**
 * The user decides every charge: a large page is translated only once they agreed to its count and cost, and a slow
 * one (more than a minute at the model's pace) once they know how long it takes.
 */

/** Sets one field of the options page and saves it. */
async function saveSetting(context: BrowserContext, extensionId: string, label: string, value: string): Promise<void> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel(label, { exact: true }).fill(value);
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible();
  await options.close();
}

/** The questions the page menu asks in the browser's own dialog, each declined as it comes. */
function declinePageQuestions(page: Page): string[] {
  const questions: string[] = [];
  page.on('dialog', (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  return questions;
}

test('"Translate all" on a page of 24 images asks first, with the count and the estimated cost', async ({
  worker,
  extensionId,
  openPage,
  fake,
}) => {
  const page = await openPage('/many.html?count=24');
  const popup = await openPopupFor(page, worker, extensionId);
  await popup.getByRole('button', { name: 'Translate all images on this page' }).click();
  const question = popup.getByRole('alertdialog');
  // 24 images at the published $0.000431 each: $0.0103, shown to the cent.
  await expect(question).toContainText('Translate 24 images on this page?');
  await expect(question).toContainText('about $0.01');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toHaveCount(0);
  expect(fake.submissions).toHaveLength(0);

  await popup.getByRole('button', { name: 'Translate all images on this page' }).click();
  await popup.getByRole('button', { name: 'Translate 24 images' }).click();
  await expect.poll(() => fake.tasksCreated()).toBeGreaterThan(0);
  await expect(popup.getByText(/of 24 translated/)).toBeVisible();
  await popup.getByRole('button', { name: 'Cancel' }).click();
});

test('from the page menu, a large page is confirmed in the browser’s own dialog', async ({ worker, openPage, fake }) => {
  const page = await openPage('/many.html?count=24');
  const questions = declinePageQuestions(page);
  await translatePage(worker, page);
  await expect.poll(() => questions).toHaveLength(1);
  expect(questions[0]).toContain('Translate 24 images on this page?');
  expect(fake.submissions).toHaveLength(0);

  page.removeAllListeners('dialog');
  page.once('dialog', (dialog) => void dialog.accept());
  await translatePage(worker, page);
  await expect.poll(() => fake.tasksCreated()).toBeGreaterThan(0);
});

test('a page of 20 images or fewer is translated without a question', async ({ worker, openPage, fake }) => {
  const page = await openPage('/many.html?count=8');
  const questions = declinePageQuestions(page);
  await translatePage(worker, page);
  await expect.poll(() => fake.tasksCreated()).toBeGreaterThan(0);
  expect(questions).toEqual([]);
});

test('with qwen-mt-image-2.0 (one image a minute), "Translate all" on a page of 3 images says it takes about 2 minutes', async ({
  context,
  extensionId,
  worker,
  openPage,
  fake,
}) => {
  await saveSetting(context, extensionId, 'Model', 'qwen-mt-image-2.0');

  // Submitted at 0, 1 and 2 minutes, each task about 6 s: asked although the page has far fewer than 20 images.
  const page = await openPage('/many.html?count=3');
  const popup = await openPopupFor(page, worker, extensionId);
  await popup.getByRole('button', { name: 'Translate all images on this page' }).click();
  const question = popup.getByRole('alertdialog');
  await expect(question).toContainText('Translate 3 images on this page?');
  await expect(question).toContainText('it will take about 2 minutes');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(question).toHaveCount(0);

  const questions = declinePageQuestions(page);
  await translatePage(worker, page);
  await expect.poll(() => questions).toHaveLength(1);
  expect(questions[0]).toContain('it will take about 2 minutes');
  expect(fake.submissions).toHaveLength(0);
});

test('a monthly limit of 2 lets "Translate all" send exactly 2 images, and says how many were left', async ({
  context,
  extensionId,
  worker,
  openPage,
  fake,
}) => {
  const page = await openPage('/many.html?count=8');
  await saveSetting(context, extensionId, 'Monthly limit', '2');

  const popup = await openPopupFor(page, worker, extensionId);
  await popup.getByRole('button', { name: 'Translate all images on this page' }).click();
  await expect(popup.getByText('6 images were left untranslated')).toBeVisible({ timeout: 60_000 });
  await expect(popup.getByText(/2 of 8 translated/)).toBeVisible();
  expect(fake.tasksCreated()).toBe(2);
  const title = await worker.evaluate(async () => {
    const [tab] = (await chrome.tabs.query({})).filter((t) => t.url?.includes('many.html'));
    return chrome.action.getTitle({ tabId: tab!.id });
  });
  expect(title).toContain('monthly limit is reached');

  // The next picture, on this or any page, is not sent either.
  const other = await openPage('/basic.html');
  await translatePage(worker, other);
  const badge = () =>
    worker.evaluate(async () => {
      const [tab] = (await chrome.tabs.query({})).filter((t) => t.url?.includes('basic.html'));
      return chrome.action.getBadgeText({ tabId: tab!.id });
    });
  await expect.poll(badge).toBe('!');
  expect(fake.tasksCreated()).toBe(2);
});
