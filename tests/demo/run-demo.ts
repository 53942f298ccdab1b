/**
 * The extension at work with no key: Chromium with the built extension, a local demo page and the fake
 * DashScope service answering with real rendered translations. With a display the browser stays open for
 * you to try (right-click an image, "Translate image"); without one, before/after screenshots are saved.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startFakeDashScope } from '../fake-dashscope/server';
import { demoResultFor } from '../fixtures/demo-translations';
import { configureExtension, extensionWorker, launchWithExtension, translateImage } from '../e2e/extension';
import { countButtons } from '../e2e/on-image';
import { resolveTestHost, startPagesServer } from '../e2e/pages-server';

const DEMO_KEY = 'sk-demo-key';
const outDir = fileURLToPath(new URL(process.argv.includes('--docs') ? '../../docs/screenshots/' : '../../demo-output/', import.meta.url));
const headed = Boolean(process.env.DISPLAY) && !process.argv.includes('--headless');

const fake = await startFakeDashScope({ apiKey: DEMO_KEY, taskDurationMs: 3_000, resultFor: demoResultFor, resolveHost: resolveTestHost });
const pages = await startPagesServer();
const browser = await launchWithExtension(undefined, !headed);
const worker = await extensionWorker(browser.context);
await configureExtension(browser.context, new URL(worker.url()).host, { apiKey: DEMO_KEY, endpoint: fake.url });

const page = await browser.context.newPage();
await page.setViewportSize({ width: 1000, height: 640 });
await page.goto(`${pages.url}/demo.html`);
console.log(`Demo page: ${pages.url}/demo.html  (fake DashScope at ${fake.url}, key ${DEMO_KEY})`);

await mkdir(outDir, { recursive: true });
await page.screenshot({ path: `${outDir}before.png` });
for (const id of ['#menu', '#poster']) await translateImage(worker, page, page.locator(id));
// Both pictures are translated once each offers "Show original" (found in the accessibility tree: the controls
// live in closed shadow roots).
const deadline = Date.now() + 30_000;
while ((await countButtons(page, 'Show original')) < 2) {
  if (Date.now() > deadline) throw new Error('the demo pictures were not translated within 30 s');
  await page.waitForTimeout(250);
}
await page.mouse.move(0, 0);
await page.screenshot({ path: `${outDir}after.png` });
console.log(`Before: ${outDir}before.png\nAfter:  ${outDir}after.png\nTasks created at the fake service: ${fake.tasksCreated()}`);

if (headed) {
  console.log('The browser stays open: right-click an image, choose "Translate image". Ctrl-C to quit.');
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
}
await browser.close();
await pages.close();
await fake.close();
