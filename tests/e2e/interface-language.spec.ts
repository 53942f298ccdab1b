import { TRANSLATED_RGB } from '../fake-dashscope/server';
import { expect, keepScreenshot, screenshotOf, seriousViolations, test, translateImage, TEST_KEY } from './fixtures';
import { clickButton, expectButton, expectRegion } from './on-image';
import { shareOfColour } from './pixels';

// A browser whose interface is in Simplified Chinese: the extension speaks it everywhere, with no setting.
test.use({ uiLanguage: 'zh-CN' });

test('in a Chinese browser, options, popup and the image speak Chinese', async ({ context, extensionId, worker, pages, fake }) => {
  fake.options.taskDurationMs = 2_000;
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(options).toHaveTitle('Qwen 图片翻译设置');
  await options.getByLabel('API 密钥', { exact: true }).fill(TEST_KEY);
  await options.getByLabel('API 地址').fill(fake.url);
  await options.getByRole('button', { name: '保存' }).click();
  await expect(options.getByRole('status')).toContainText('已保存');
  expect(await seriousViolations(options)).toEqual([]);

  const popup = await context.newPage();
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(popup.getByLabel('源语言')).toBeVisible();
  // Language names are in Chinese too.
  await expect(popup.getByLabel('目标语言').locator('option', { hasText: '日语' })).toHaveCount(1);
  expect(await seriousViolations(popup)).toEqual([]);
  await keepScreenshot(popup, 'popup-zh');
  await popup.close();

  const page = await context.newPage();
  await page.goto(`${pages.url}/basic.html`);
  const image = page.locator('#plain');
  await translateImage(worker, page, image);
  await expectRegion(page, 'status', /排队|发送|翻译/);
  await expect.poll(async () => shareOfColour(await screenshotOf(image), TRANSLATED_RGB)).toBeGreaterThan(0.9);
  await image.hover();
  await clickButton(page, '显示原图');
  await expectButton(page, '显示译图');
});

test('in a Chinese browser, a failure on the image says what to do in Chinese', async ({ worker, pages, context }) => {
  // No key saved yet.
  const page = await context.newPage();
  await page.goto(`${pages.url}/basic.html`);
  await translateImage(worker, page, page.locator('#plain'));
  await expectRegion(page, 'alert', 'DashScope API 密钥');
  await expectButton(page, '打开设置', { within: 'alert' });
});
