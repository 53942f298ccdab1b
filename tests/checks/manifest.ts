/**
 * What a store would refuse, or a reviewer question, checked in the built manifests. Builds nothing itself:
 *
 *   npm run build && npm run check:manifest          (add `npm run build:firefox` to check Firefox too)
 *
 * Reads .output/chrome-mv3/manifest.json (required) and .output/firefox-mv3/manifest.json (when built), and
 * exits 1 with one line per problem when any is found.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** API permissions the extension may ask for at install; anything else needs a reason and this list updated. */
export const ALLOWED_PERMISSIONS = ['contextMenus', 'storage', 'activeTab', 'scripting', 'alarms'];
/** Icon sizes both stores want in `icons`. */
export const REQUIRED_ICON_SIZES = [16, 32, 48, 128];
/** Chrome Web Store limits. */
const MAX_NAME = 75;
const MAX_DESCRIPTION = 132;
/** Host patterns that mean "every site": allowed only in optional_host_permissions. */
const ALL_SITES = ['<all_urls>', '*://*/*', 'http://*/*', 'https://*/*'];

type Browser = 'chrome' | 'firefox';

interface Manifest {
  manifest_version?: unknown;
  default_locale?: unknown;
  name?: unknown;
  description?: unknown;
  version?: unknown;
  icons?: Record<string, unknown>;
  permissions?: unknown[];
  host_permissions?: unknown[];
  content_scripts?: { matches?: unknown[]; js?: unknown[]; css?: unknown[] }[];
  background?: { service_worker?: unknown; scripts?: unknown[]; page?: unknown };
  action?: { default_popup?: unknown; default_icon?: unknown };
  options_ui?: { page?: unknown };
  options_page?: unknown;
  web_accessible_resources?: { resources?: unknown[] }[];
  browser_specific_settings?: { gecko?: { id?: unknown; strict_min_version?: unknown; data_collection_permissions?: unknown } };
}

/** A match pattern that grants every site: the ones above, or any whose host is a bare `*`. */
export function isAllSites(pattern: string): boolean {
  if (ALL_SITES.includes(pattern)) return true;
  const host = /^[a-z*]+:\/\/([^/]*)\//.exec(pattern)?.[1];
  return host === '*';
}

/** Width and height from a PNG's IHDR chunk, or undefined when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  const signature = '89504e470d0a1a0a';
  if (bytes.length < 24 || bytes.subarray(0, 8).toString('hex') !== signature || bytes.toString('latin1', 12, 16) !== 'IHDR') {
    return undefined;
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const strings = (values: unknown[] | undefined): string[] => (values ?? []).filter((v): v is string => typeof v === 'string');

/** Every file the manifest points at, with what points at it. */
function referencedFiles(m: Manifest): [what: string, file: string][] {
  const files: [string, string][] = [];
  if (typeof m.background?.service_worker === 'string') files.push(['background.service_worker', m.background.service_worker]);
  for (const script of strings(m.background?.scripts)) files.push(['background.scripts', script]);
  if (typeof m.background?.page === 'string') files.push(['background.page', m.background.page]);
  if (typeof m.action?.default_popup === 'string') files.push(['action.default_popup', m.action.default_popup]);
  if (typeof m.action?.default_icon === 'string') files.push(['action.default_icon', m.action.default_icon]);
  else if (m.action?.default_icon && typeof m.action.default_icon === 'object') {
    for (const [size, icon] of Object.entries(m.action.default_icon))
      if (typeof icon === 'string') files.push([`action.default_icon.${size}`, icon]);
  }
  if (typeof m.options_ui?.page === 'string') files.push(['options_ui.page', m.options_ui.page]);
  if (typeof m.options_page === 'string') files.push(['options_page', m.options_page]);
  for (const [size, icon] of Object.entries(m.icons ?? {})) if (typeof icon === 'string') files.push([`icons.${size}`, icon]);
  for (const [i, script] of (m.content_scripts ?? []).entries()) {
    for (const file of [...strings(script.js), ...strings(script.css)]) files.push([`content_scripts[${i}]`, file]);
  }
  for (const [i, entry] of (m.web_accessible_resources ?? []).entries()) {
    // Globs cannot be checked file by file.
    for (const file of strings(entry.resources)) if (!file.includes('*')) files.push([`web_accessible_resources[${i}]`, file]);
  }
  return files;
}

/**
 * A manifest text as each interface language shows it: a `__MSG_key__` is looked up in every
 * `_locales/<lang>/messages.json` (the default locale must have it); plain text stands for itself.
 */
function localizedTexts(value: unknown, defaultLocale: unknown, dir: string): { locale?: string; text?: string }[] {
  if (typeof value !== 'string') return [{}];
  const key = /^__MSG_(\w+)__$/.exec(value)?.[1];
  if (!key) return [{ text: value }];
  const localesDir = join(dir, '_locales');
  const locales = existsSync(localesDir) ? readdirSync(localesDir) : [];
  if (typeof defaultLocale !== 'string' || !locales.includes(defaultLocale)) return [{ locale: `default_locale ${String(defaultLocale)}` }];
  return locales.map((locale) => {
    const messages = readJson(join(localesDir, locale, 'messages.json')) as Record<string, { message?: string } | undefined>;
    return { locale, text: messages[key]?.message };
  });
}

/** The problems with one built manifest; empty when there are none. */
export function manifestProblems(m: Manifest, dir: string, browser: Browser, packageVersion: string): string[] {
  const problems: string[] = [];
  if (m.manifest_version !== 3) problems.push(`manifest_version is ${JSON.stringify(m.manifest_version)}, not 3.`);

  for (const [field, limit] of [
    ['name', MAX_NAME],
    ['description', MAX_DESCRIPTION],
  ] as const) {
    for (const { locale, text } of localizedTexts(m[field], m.default_locale, dir)) {
      const where = locale ? `${field} in ${locale}` : field;
      if (!text?.trim()) problems.push(`${where} is missing.`);
      else if (text.length > limit) problems.push(`${where} is ${text.length} characters, more than ${limit}.`);
    }
  }
  if (m.version !== packageVersion)
    problems.push(`version is ${JSON.stringify(m.version)}, but package.json says ${JSON.stringify(packageVersion)}.`);

  for (const pattern of strings(m.host_permissions).filter(isAllSites)) {
    problems.push(`host_permissions grants every site (${pattern}); ask for it in optional_host_permissions instead.`);
  }
  for (const [i, script] of (m.content_scripts ?? []).entries()) {
    for (const pattern of strings(script.matches).filter(isAllSites)) {
      problems.push(`content_scripts[${i}].matches runs on every site (${pattern}); inject it on demand instead.`);
    }
  }
  const extra = (m.permissions ?? []).filter((p) => typeof p !== 'string' || !ALLOWED_PERMISSIONS.includes(p));
  if (extra.length) {
    problems.push(
      `permissions not on the allowed list (${ALLOWED_PERMISSIONS.join(', ')}): ${extra.map((p) => JSON.stringify(p)).join(', ')}.`,
    );
  }

  for (const size of REQUIRED_ICON_SIZES) {
    const icon = m.icons?.[String(size)];
    if (typeof icon !== 'string') {
      problems.push(`icons has no ${size}×${size} icon.`);
      continue;
    }
    const file = join(dir, icon);
    if (!existsSync(file)) continue; // reported below with the other missing files
    const actual = pngSize(readFileSync(file));
    if (!actual) problems.push(`icons.${size} (${icon}) is not a PNG.`);
    else if (actual.width !== size || actual.height !== size) {
      problems.push(`icons.${size} (${icon}) is ${actual.width}×${actual.height}, not ${size}×${size}.`);
    }
  }

  for (const [what, file] of referencedFiles(m)) {
    const path = join(dir, posix.normalize(file.replace(/^\/+/, '')));
    if (!existsSync(path) || !statSync(path).isFile()) problems.push(`${what} names ${file}, which is not in ${dir}.`);
  }

  if (browser === 'chrome' && typeof m.background?.service_worker !== 'string') problems.push('background.service_worker is missing.');
  if (browser === 'firefox') {
    const gecko = m.browser_specific_settings?.gecko;
    if (typeof gecko?.id !== 'string' || !gecko.id)
      problems.push('browser_specific_settings.gecko.id is missing (Firefox requires it for MV3).');
    if (typeof gecko?.strict_min_version !== 'string') problems.push('browser_specific_settings.gecko.strict_min_version is missing.');
    if (!gecko?.data_collection_permissions) {
      problems.push('browser_specific_settings.gecko.data_collection_permissions is missing (required for new add-ons on AMO).');
    }
    if (!strings(m.background?.scripts).length) problems.push('background.scripts is missing (Firefox runs no service worker).');
  }
  return problems;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function main(): number {
  const packageVersion = (readJson(join(root, 'package.json')) as { version: string }).version;
  const targets: { browser: Browser; dir: string; required: boolean }[] = [
    { browser: 'chrome', dir: '.output/chrome-mv3', required: true },
    { browser: 'firefox', dir: '.output/firefox-mv3', required: false },
  ];
  let failed = false;
  for (const { browser, dir, required } of targets) {
    const file = join(root, dir, 'manifest.json');
    if (!existsSync(file)) {
      if (required) {
        console.error(`${dir}/manifest.json not found: run \`npm run build\` first.`);
        failed = true;
      } else {
        console.log(`${dir}: not built, skipped (\`npm run build:firefox\` to check it).`);
      }
      continue;
    }
    let problems: string[];
    try {
      problems = manifestProblems(readJson(file) as Manifest, join(root, dir), browser, packageVersion);
    } catch (error) {
      problems = [`could not read it: ${String(error)}`];
    }
    if (problems.length) {
      failed = true;
      console.error(`${dir}/manifest.json: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
      for (const problem of problems) console.error(`  - ${problem.replaceAll(root + '/', '')}`);
    } else {
      console.log(`${dir}/manifest.json: ok`);
    }
  }
  return failed ? 1 : 0;
}

// Run as a script (not when imported for its checks).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main();
