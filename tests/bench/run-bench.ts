/**
 * `npm run bench`: real Chromium with the built extension against the fake service, side by side with the
 * same extension polling every 5 s as the API reference suggests. Not part of the test suite.
 *
 *   --duration MS   task duration at the fake service (default 6000)
 *   --runs N        single-image runs per build (default 5)
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { startFakeDashScope, type FakeDashScope } from '../fake-dashscope/server';
import { configureExtension, EXTENSION_DIR, extensionWorker, launchWithExtension, translateImage } from '../e2e/extension';
import { resolveTestHost, startPagesServer, type PagesServer } from '../e2e/pages-server';
import { MAX_IN_FLIGHT, MIN_SUBMIT_GAP_MS } from '../../utils/engine/queue';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const durationMs = argument('duration', 6_000);
const runs = argument('runs', 5);
const BATCH = 6;
const KEY = 'sk-bench-key';
const FIXED_DIR = fileURLToPath(new URL('../../.output-bench-fixed/chrome-mv3', import.meta.url));

/** Records, in the page, when each image first shows a translation: src swapped, decoded, and a frame drawn. */
async function watchPaints(page: Page): Promise<void> {
  await page.evaluate(() => {
    const painted: Record<string, number> = {};
    (window as unknown as { painted: typeof painted }).painted = painted;
    new MutationObserver((records) => {
      for (const record of records) {
        const img = record.target as HTMLImageElement;
        if (!img.src.startsWith('blob:') || painted[img.id]) continue;
        void img.decode().then(() => requestAnimationFrame(() => (painted[img.id] ??= Date.now())));
      }
    }).observe(document.body, { attributes: true, attributeFilter: ['src'], subtree: true });
  });
}

async function paintedAt(page: Page, ids: string[]): Promise<number[]> {
  await page.waitForFunction((ids) => ids.every((id) => (window as unknown as { painted: Record<string, number> }).painted[id]), ids, {
    timeout: 120_000,
  });
  return page.evaluate((ids) => ids.map((id) => (window as unknown as { painted: Record<string, number> }).painted[id]!), ids);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The shortest possible makespan for `count` tasks under the limits: 1 submission a second, 2 at a time. */
export function bestMakespan(count: number, taskMs: number): number {
  const ends: number[] = [];
  let lastStart = -Infinity;
  for (let i = 0; i < count; i++) {
    const start = Math.max(lastStart + MIN_SUBMIT_GAP_MS, i >= MAX_IN_FLIGHT ? ends[i - MAX_IN_FLIGHT]! : 0, 0);
    ends.push(start + taskMs);
    lastStart = start;
  }
  return Math.max(...ends);
}

interface Figures {
  build: string;
  medianLatencyMs: number;
  latenciesMs: number[];
  medianQueriesPerTask: number;
  batchMakespanMs: number;
  batchBestMs: number;
}

async function measure(build: string, extensionDir: string, fake: FakeDashScope, pages: PagesServer): Promise<Figures> {
  fake.reset();
  const browser = await launchWithExtension(extensionDir);
  try {
    const worker = await extensionWorker(browser.context);
    await configureExtension(browser.context, new URL(worker.url()).host, { apiKey: KEY, endpoint: fake.url });
    const page = await browser.context.newPage();
    const latencies: number[] = [];
    const queries: number[] = [];
    // The first run teaches the extension the typical duration; every run is reported.
    for (let run = 0; run < runs; run++) {
      await page.goto(`${pages.url}/bench.html?image=${encodeURIComponent(`/images/sample-text.png?${build}-single-${run}`)}`);
      await watchPaints(page);
      const before = fake.tasksCreated();
      await translateImage(worker, page, page.locator('#bench'));
      const [shown] = await paintedAt(page, ['bench']);
      const task = [...fake.tasks.values()][before]!;
      latencies.push(shown! - task.endsAt);
      queries.push(fake.queriesFor(task.id));
      process.stdout.write(`  ${build} run ${run + 1}: ${latencies.at(-1)} ms after task end, ${queries.at(-1)} status queries\n`);
    }
    await page.goto(`${pages.url}/six.html?${build}`);
    await page.evaluate(
      (build) => document.querySelectorAll('img').forEach((img, i) => (img.src = `/images/sample-text.png?${build}-batch-${i}`)),
      build,
    );
    await page.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
    await watchPaints(page);
    const ids = Array.from({ length: BATCH }, (_, i) => `i${i + 1}`);
    const start = Date.now();
    for (const id of ids) await translateImage(worker, page, page.locator(`#${id}`));
    const shown = await paintedAt(page, ids);
    return {
      build,
      medianLatencyMs: median(latencies),
      latenciesMs: latencies,
      medianQueriesPerTask: median(queries),
      batchMakespanMs: Math.max(...shown) - start,
      batchBestMs: bestMakespan(BATCH, durationMs),
    };
  } finally {
    await browser.close();
  }
}

const fake = await startFakeDashScope({ apiKey: KEY, taskDurationMs: durationMs, resolveHost: resolveTestHost });
const pages = await startPagesServer();
console.log(`Benchmark: ${durationMs} ms tasks, ${runs} single-image runs and a ${BATCH}-image batch per build\n`);
const adaptive = await measure('adaptive', EXTENSION_DIR, fake, pages);
const fixed = await measure('fixed-5s', FIXED_DIR, fake, pages);
await pages.close();
await fake.close();

const row = (f: Figures) =>
  `| ${f.build} | ${f.medianLatencyMs} ms | ${f.medianQueriesPerTask} | ${(f.batchMakespanMs / 1000).toFixed(1)} s | ${(f.batchMakespanMs / f.batchBestMs).toFixed(2)} × best (${(f.batchBestMs / 1000).toFixed(1)} s) |`;
const table = [
  `Task duration ${durationMs} ms; ${runs} single-image runs per build (median); batch of ${BATCH} images.`,
  '',
  '| build | task end → translated pixels on screen | status queries per task | 6-image batch makespan | against the best possible |',
  '| --- | --- | --- | --- | --- |',
  row(adaptive),
  row(fixed),
  '',
  `Adaptive against fixed 5 s polling: latency ${(adaptive.medianLatencyMs / fixed.medianLatencyMs).toFixed(2)} ×, ` +
    `status queries ${(adaptive.medianQueriesPerTask / fixed.medianQueriesPerTask).toFixed(2)} ×, batch makespan ${(adaptive.batchMakespanMs / fixed.batchMakespanMs).toFixed(2)} ×.`,
].join('\n');
console.log(`\n${table}`);
const outDir = fileURLToPath(new URL('../../bench-results/', import.meta.url));
await mkdir(outDir, { recursive: true });
await writeFile(`${outDir}latest.json`, JSON.stringify({ durationMs, runs, adaptive, fixed }, null, 2));
await writeFile(`${outDir}latest.md`, `${table}\n`);
