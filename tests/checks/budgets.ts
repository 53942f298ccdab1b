/**
 * Size budgets of the built Chrome extension, with the limits and the reasons for them in budgets.json.
 * Builds nothing itself:
 *
 *   npm run build && npm run check:budgets
 *
 * Fails (exit 1) when a script that runs in web pages, or the unpacked extension as a whole, is over its
 * limit. Also reports the size of the zipped package: the one `npm run zip` made when it is there and
 * current, otherwise an estimate (every file deflated, plus the zip format's headers).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { z } from 'zod';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const KB = 1024;

const budget = z.object({ maxKB: z.number().positive(), justification: z.string().min(1) });
const budgetsSchema = z.object({
  pageScripts: budget
    .extend({ file: z.string().min(1) })
    .array()
    .min(1),
  unpacked: budget.extend({ dir: z.string().min(1) }),
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;

/** What a zip of these files would weigh: deflated contents, plus a local and a central header per file. */
function estimatedZipBytes(dir: string, files: string[]): number {
  const endOfCentralDirectory = 22;
  return files.reduce((sum, file) => {
    const name = Buffer.byteLength(relative(dir, file));
    const content = readFileSync(file);
    const stored = Math.min(content.length, deflateRawSync(content, { level: 9 }).length);
    return sum + stored + 30 + name + 46 + name;
  }, endOfCentralDirectory);
}

function main(): number {
  const budgets = budgetsSchema.parse(JSON.parse(readFileSync(join(root, 'tests/checks/budgets.json'), 'utf8')));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const problems: string[] = [];

  const dir = resolve(root, budgets.unpacked.dir);
  const missing = budgets.pageScripts.map((s) => s.file).filter((file) => !existsSync(resolve(root, file)));
  if (!existsSync(join(dir, 'manifest.json')) || missing.length) {
    console.error(`${budgets.unpacked.dir} is not built (or has no ${missing.join(', ')}): run \`npm run build\` first.`);
    return 1;
  }

  const rows: [string, number, number, string][] = budgets.pageScripts.map((s) => [
    s.file,
    statSync(resolve(root, s.file)).size,
    s.maxKB * KB,
    s.justification,
  ]);

  const files = filesUnder(dir);
  const unpackedBytes = files.reduce((sum, file) => sum + statSync(file).size, 0);
  rows.push([
    `${budgets.unpacked.dir} (${files.length} files)`,
    unpackedBytes,
    budgets.unpacked.maxKB * KB,
    budgets.unpacked.justification,
  ]);

  for (const [what, bytes, limit, why] of rows) {
    const over = bytes > limit;
    const line = `${over ? 'OVER' : 'ok  '}  ${what}: ${kb(bytes)} of ${kb(limit)} (${Math.round((bytes / limit) * 100)}%) — ${why}`;
    if (over) {
      console.error(line);
      problems.push(`${what} is ${bytes - limit} bytes over its budget`);
    } else {
      console.log(line);
    }
  }

  const zip = join(root, '.output', `${pkg.name}-${pkg.version}-chrome.zip`);
  const builtAt = statSync(join(dir, 'manifest.json')).mtimeMs;
  if (existsSync(zip) && statSync(zip).mtimeMs >= builtAt) {
    console.log(`info  zipped package: ${kb(statSync(zip).size)} (${relative(root, zip)})`);
  } else {
    console.log(`info  zipped package: about ${kb(estimatedZipBytes(dir, files))} (estimated; \`npm run zip\` makes it)`);
  }

  if (problems.length) {
    console.error(`Over budget: ${problems.join('; ')}. Shrink it, or raise the limit in tests/checks/budgets.json and say why.`);
    return 1;
  }
  return 0;
}

process.exitCode = main();
