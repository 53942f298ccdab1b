/**
 * What Firefox review does with the sources zip: unpack it on its own, install, build, and expect the add-on
 * that was submitted, file for file. Builds nothing in the project itself:
 *
 *   npm run zip:firefox && npm run check:sources
 *
 * Exits 1, naming the files that differ or are missing, when the sources do not rebuild the package.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import extract from 'extract-zip';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

async function main(): Promise<number> {
  const { name, version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const sourcesZip = join(root, '.output', `${name}-${version}-sources.zip`);
  const addonZip = join(root, '.output', `${name}-${version}-firefox.zip`);
  if (!existsSync(sourcesZip) || !existsSync(addonZip)) {
    console.error(`${relative(root, sourcesZip)} or ${relative(root, addonZip)} is missing: run \`npm run zip:firefox\` first.`);
    return 1;
  }

  const work = mkdtempSync(join(tmpdir(), 'qit-sources-'));
  try {
    const sources = join(work, 'sources');
    const submitted = join(work, 'submitted');
    await extract(sourcesZip, { dir: sources });
    await extract(addonZip, { dir: submitted });
    // As a reviewer would, with nothing from this checkout but what the zip holds.
    const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: sources, stdio: ['ignore', 'ignore', 'inherit'] });
    run('npm', ['ci', '--no-audit', '--no-fund']);
    run('npx', ['wxt', 'build', '-b', 'firefox', '--mv3']);

    const built = join(sources, '.output', 'firefox-mv3');
    const expected = filesUnder(submitted);
    const actual = new Set(filesUnder(built));
    const problems = [
      ...expected.filter((file) => !actual.has(file)).map((file) => `${file} is not built from the sources`),
      ...[...actual].filter((file) => !expected.includes(file)).map((file) => `${file} is built but not in the package`),
      ...expected
        .filter((file) => actual.has(file) && !readFileSync(join(built, file)).equals(readFileSync(join(submitted, file))))
        .map((file) => `${file} differs from the package's`),
    ];
    if (problems.length) {
      console.error(`The sources zip does not rebuild ${relative(root, addonZip)}:`);
      for (const problem of problems) console.error(`  - ${problem}`);
      return 1;
    }
    console.log(`${relative(root, sourcesZip)} rebuilds ${relative(root, addonZip)}: ${expected.length} files, identical.`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
