/**
 * `npm run bench`: real Chromium with the built extension against the fake service on loopback, side by side with
 * the same extension polling every 5 s as the API reference suggests. Not part of the test suite.
 *
 * For each build and each kind of task (a fixed 6 s, or drawn from 4.7–7.3 s with a seed):
 * - cold: the first image of a fresh profile (nothing learned), in `--cold` fresh profiles;
 * - warm: in the first of those profiles, after it and `--warmup` more images, `--runs` single images;
 * - a batch of six images right-clicked at once, on a fresh profile (cold) and after the warm runs (warm);
 * and, the target of the cold start, a batch of six 3 s tasks on a fresh profile.
 *
 * Measured: the time from a task's end at the service to its translated pixels on screen, the status queries per
 * task, and a batch's efficiency: the best makespan the documented limits allow for its tasks (one submission a
 * second, two at a time: `bestMakespan`) over the actual one, from the first submission reaching the service to
 * the last image painted. Any submission the fake refuses (429) is a broken limit, and is counted.
 *
 *   --cold N     fresh profiles with one single image each, per build and kind (default 2)
 *   --warmup N   images after the cold one before the warm runs (default 2)
 *   --runs N     warm single-image runs (default 2)
 *   --seed N     seed of the drawn durations (default 1)
 *   --target     only the cold batch of six 3 s tasks (to try a change to the engine quickly; no table written)
 *   --comic      only the comic chapter read at a steady scroll, right-clicked and automatic (see comic.ts)
 *
 * Then, unless --target, the comic chapter (comic.ts), with a table of its own.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { benchComic } from './comic';
import { paintedAt, watchPaints } from './paints';
import { startFakeDashScope, type DurationRange, type FakeDashScope } from '../fake-dashscope/server';
import { configureExtension, EXTENSION_DIR, extensionWorker, launchWithExtension, translateImage } from '../e2e/extension';
import { resolveTestHost, startPagesServer, type PagesServer } from '../e2e/pages-server';
import { bestMakespan } from '../../utils/engine/pace';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const coldRuns = argument('cold', 2);
const warmup = argument('warmup', 2);
const warmRuns = argument('runs', 2);
const seed = argument('seed', 1);
const targetOnly = process.argv.includes('--target');
const comicOnly = process.argv.includes('--comic');
const BATCH = 6;
const KEY = 'sk-bench-key';
const FIXED_DIR = fileURLToPath(new URL('../../.output-bench-fixed/chrome-mv3', import.meta.url));

interface Build {
  name: 'adaptive' | 'fixed 5 s';
  dir: string;
}
const builds: Build[] = [
  { name: 'adaptive', dir: EXTENSION_DIR },
  { name: 'fixed 5 s', dir: FIXED_DIR },
];

interface Kind {
  name: string;
  durationMs?: number;
  range?: Omit<DurationRange, 'seed'>;
}
const kinds: Kind[] = [
  { name: '6 s', durationMs: 6_000 },
  { name: '4.7–7.3 s', range: { minMs: 4_700, maxMs: 7_300 } },
];
const TARGET: Kind = { name: '3 s', durationMs: 3_000 };

const median = (values: number[]) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface Single {
  latencyMs: number;
  queries: number;
  durationMs: number;
}
interface Batch {
  efficiency: number;
  makespanMs: number;
  bestMs: number;
  queriesPerTask: number;
  /** From the first click to the first submission reaching the service (not the schedule's doing). */
  clickToSubmitMs: number;
  /** Where the time beyond the best went, as medians: see `losses`. */
  losses: Losses;
  refused: number;
}

/** A fresh profile with the extension configured for the fake; the fake reset, with the kind's durations. */
async function session<T>(build: Build, kind: Kind, sessionNo: number, work: (s: Session) => Promise<T>): Promise<T> {
  fake.reset();
  if (kind.durationMs !== undefined) fake.options.taskDurationMs = kind.durationMs;
  if (kind.range) fake.options.taskDurationRange = { ...kind.range, seed: seed * 1_000 + sessionNo };
  const browser = await launchWithExtension(build.dir);
  try {
    const worker = await extensionWorker(browser.context);
    await configureExtension(browser.context, new URL(worker.url()).host, { apiKey: KEY, endpoint: fake.url });
    const page = await browser.context.newPage();
    return await work({ context: browser.context, worker, page, tag: `${build.name.replace(/\W+/g, '')}-${sessionNo}` });
  } finally {
    await browser.close();
  }
}
interface Session {
  context: BrowserContext;
  worker: Worker;
  page: Page;
  tag: string;
}

let images = 0;
async function single(s: Session, label: string): Promise<Single> {
  await s.page.goto(`${pages.url}/bench.html?image=${encodeURIComponent(`/images/sample-text.png?${s.tag}-${++images}`)}`);
  await watchPaints(s.page);
  const before = fake.tasksCreated();
  await translateImage(s.worker, s.page, s.page.locator('#bench'));
  const [shown] = await paintedAt(s.page, ['bench']);
  const task = [...fake.tasks.values()][before]!;
  const result = { latencyMs: shown! - task.endsAt, queries: fake.queriesFor(task.id), durationMs: task.endsAt - task.submittedAt };
  process.stdout.write(
    `    ${label}: ${result.durationMs} ms task, on screen ${result.latencyMs} ms after its end, ${result.queries} queries\n`,
  );
  return result;
}

/**
 * What a batch lost against the best makespan, step by step: `seenMs`, from a task's end to the status query that
 * found it ended; `sentMs`, from the moment the limits allowed a submission (a slot freed, as the engine saw it,
 * and a second after the previous one) to its arrival; `gapMs`, of the second submission beyond its second (the
 * answer to the first, and the engine's step); `shownMs`, from the last task seen ended to its pixels.
 */
interface Losses {
  seenMs: number;
  sentMs: number;
  gapMs: number;
  shownMs: number;
}

function lossesOf(tasks: { id: string; submittedAt: number; endsAt: number }[], lastShown: number): Losses {
  const seenAt = tasks.map((t) => fake.queries.find((q) => q.taskId === t.id && q.taskStatus === 'SUCCEEDED')?.at ?? NaN);
  const sent = tasks.slice(2).map((t, i) => {
    const slotFreed = [...seenAt.slice(0, i + 2)].sort((a, b) => a - b)[i]!;
    return t.submittedAt - Math.max(slotFreed, tasks[i + 1]!.submittedAt + 1_000);
  });
  const last = seenAt.indexOf(Math.max(...seenAt));
  return {
    seenMs: median(tasks.map((t, i) => seenAt[i]! - t.endsAt)),
    sentMs: median(sent),
    gapMs: tasks.length > 1 ? tasks[1]!.submittedAt - tasks[0]!.submittedAt - 1_000 : NaN,
    shownMs: lastShown - seenAt[last]!,
  };
}

async function batch(s: Session, label: string): Promise<Batch> {
  await s.page.goto(`${pages.url}/six.html?${s.tag}`);
  await s.page.evaluate(
    (prefix) => document.querySelectorAll('img').forEach((img, i) => (img.src = `/images/sample-text.png?${prefix}-batch-${i}`)),
    `${s.tag}-${++images}`,
  );
  await s.page.waitForFunction(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0));
  await watchPaints(s.page);
  const ids = Array.from({ length: BATCH }, (_, i) => `i${i + 1}`);
  const tasksBefore = fake.tasksCreated();
  const submissionsBefore = fake.submissions.length;
  const clicked = Date.now();
  for (const id of ids) await translateImage(s.worker, s.page, s.page.locator(`#${id}`));
  const shown = await paintedAt(s.page, ids);
  const tasks = [...fake.tasks.values()].slice(tasksBefore);
  const firstSubmit = Math.min(...tasks.map((t) => t.submittedAt));
  const makespanMs = Math.max(...shown) - firstSubmit;
  const bestMs = bestMakespan(tasks.map((t) => t.endsAt - t.submittedAt));
  const result: Batch = {
    efficiency: bestMs / makespanMs,
    makespanMs,
    bestMs,
    queriesPerTask: tasks.reduce((sum, t) => sum + fake.queriesFor(t.id), 0) / tasks.length,
    clickToSubmitMs: firstSubmit - clicked,
    losses: lossesOf(tasks, Math.max(...shown)),
    refused: fake.submissions.slice(submissionsBefore).filter((r) => r.status === 429).length,
  };
  process.stdout.write(
    `    ${label}: ${(makespanMs / 1000).toFixed(2)} s against ${(bestMs / 1000).toFixed(2)} s at best (${result.efficiency.toFixed(3)}), ` +
      `${result.queriesPerTask.toFixed(1)} queries a task, ${result.refused} refused, first submission ${result.clickToSubmitMs} ms after the first click\n` +
      `      medians: end → seen ${result.losses.seenMs} ms, allowed → sent ${result.losses.sentMs} ms; ` +
      `second submission ${result.losses.gapMs} ms late; last seen → shown ${result.losses.shownMs} ms\n`,
  );
  return result;
}

interface Cell {
  cold: Single[];
  warm: Single[];
  coldBatch?: Batch;
  warmBatch?: Batch;
}

async function measure(build: Build, kind: Kind): Promise<Cell> {
  console.log(`  ${build.name}, ${kind.name} tasks`);
  const cell: Cell = { cold: [], warm: [] };
  await session(build, kind, 1, async (s) => {
    cell.cold.push(await single(s, 'cold 1'));
    for (let i = 1; i <= warmup; i++) await single(s, `warm-up ${i}`);
    for (let i = 1; i <= warmRuns; i++) cell.warm.push(await single(s, `warm ${i}`));
    cell.warmBatch = await batch(s, 'warm batch');
  });
  for (let n = 2; n <= coldRuns; n++) cell.cold.push(await session(build, kind, n, (s) => single(s, `cold ${n}`)));
  cell.coldBatch = await session(build, kind, coldRuns + 1, (s) => batch(s, 'cold batch'));
  return cell;
}

const fake: FakeDashScope = await startFakeDashScope({ apiKey: KEY, resolveHost: resolveTestHost });
const pages: PagesServer = await startPagesServer();
if (comicOnly) {
  await benchComic(fake, KEY);
  await pages.close();
  await fake.close();
  process.exit();
}
const started = Date.now();
const loadAtStart = loadavg()[0]!;
console.log(
  `Benchmark: per build and kind of task, ${coldRuns} cold images (fresh profiles), ${warmup} warm-up and ${warmRuns} warm images, ` +
    `and a batch of ${BATCH} cold and warm; then a cold batch of ${BATCH} 3 s tasks\n`,
);
const results: Record<string, Record<string, Cell>> = {};
for (const kind of targetOnly ? [] : kinds) {
  results[kind.name] = {};
  for (const build of builds) results[kind.name]![build.name] = await measure(build, kind);
}
const target: Record<string, Batch> = {};
for (const build of builds) {
  console.log(`  ${build.name}, ${TARGET.name} tasks`);
  target[build.name] = await session(build, TARGET, 1, (s) => batch(s, 'cold batch'));
}
await pages.close();
if (targetOnly) {
  await fake.close();
  process.exit(0);
}
const minutes = (Date.now() - started) / 60_000;
const load = `load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end, on ${availableParallelism()} cores`;

const ms = (values: Single[], pick: (s: Single) => number) => `${Math.round(median(values.map(pick)))}`;
const both = (format: (cell: Cell) => string, kind: string) =>
  `${format(results[kind]!.adaptive!)} / ${format(results[kind]!['fixed 5 s']!)}`;
const efficiency = (b?: Batch) => (b ? b.efficiency.toFixed(2) : '–');
const rows: string[] = [];
for (const kind of kinds) {
  for (const profile of ['cold', 'warm'] as const) {
    const batchOf = (cell: Cell) => (profile === 'cold' ? cell.coldBatch : cell.warmBatch);
    rows.push(
      `| ${kind.name} | ${profile} | ${both((c) => `${ms(c[profile], (s) => s.latencyMs)} ms`, kind.name)} | ` +
        `${both((c) => ms(c[profile], (s) => s.queries), kind.name)} | ${both((c) => efficiency(batchOf(c)), kind.name)} | ` +
        `${both((c) => batchOf(c)?.queriesPerTask.toFixed(1) ?? '–', kind.name)} |`,
    );
  }
}
rows.push(
  `| ${TARGET.name} | cold | – | – | ${efficiency(target.adaptive)} / ${efficiency(target['fixed 5 s'])} | ` +
    `${target.adaptive!.queriesPerTask.toFixed(1)} / ${target['fixed 5 s']!.queriesPerTask.toFixed(1)} |`,
);
const refused = Object.values(results)
  .flatMap((byBuild) => Object.values(byBuild))
  .flatMap((cell) => [cell.coldBatch, cell.warmBatch])
  .concat(Object.values(target))
  .reduce((sum, b) => sum + (b?.refused ?? 0), 0);
const table = [
  `Each cell: adaptive / fixed 5 s. Medians of ${coldRuns} cold images (each on a fresh profile) and of ${warmRuns} warm ones ` +
    `(after ${1 + warmup} images on the same profile); one batch of ${BATCH} images per cell. ` +
    `Drawn durations: seeded, uniform in 4.7–7.3 s.`,
  '',
  '| tasks | profile | task end → translated pixels | status queries per task | batch of 6: best makespan ÷ actual | batch: queries per task |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows,
  '',
  `Submissions refused by the fake (a limit broken): ${refused}. Run time: ${minutes.toFixed(1)} min (${load}).`,
].join('\n');
console.log(`\n${table}`);
const outDir = fileURLToPath(new URL('../../bench-results/', import.meta.url));
await mkdir(outDir, { recursive: true });
await writeFile(`${outDir}latest.json`, JSON.stringify({ coldRuns, warmup, warmRuns, seed, load, results, target }, null, 2));
await writeFile(`${outDir}latest.md`, `${table}\n`);
console.log('');
await benchComic(fake, KEY);
await fake.close();
