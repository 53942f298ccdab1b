/** What a task submission must hold, as strictly as the service checks it. */
import { MODEL_NOT_EXIST, OSS_RESOLVE_HEADER } from './contract';

// Languages, as the reference's table gives them (an independent copy: the fake must not share the client's).

interface FakeLanguage {
  code: string;
  names: string[];
  source: boolean;
  target: boolean;
}

const LANGUAGES: FakeLanguage[] = [
  { code: 'zh', names: ['chinese'], source: true, target: true },
  { code: 'en', names: ['english'], source: true, target: true },
  { code: 'ko', names: ['korean'], source: true, target: true },
  { code: 'ja', names: ['japanese'], source: true, target: true },
  { code: 'ru', names: ['russian'], source: true, target: true },
  { code: 'es', names: ['spanish'], source: true, target: true },
  { code: 'fr', names: ['french'], source: true, target: true },
  { code: 'pt', names: ['portuguese'], source: true, target: true },
  { code: 'it', names: ['italian'], source: true, target: true },
  { code: 'de', names: ['german', 'germany'], source: true, target: false },
  { code: 'vi', names: ['vietnamese'], source: true, target: true },
  { code: 'ms', names: ['malay'], source: false, target: true },
  { code: 'th', names: ['thai'], source: false, target: true },
  { code: 'id', names: ['indonesian'], source: false, target: true },
  { code: 'ar', names: ['arabic', 'arabian'], source: false, target: true },
];

function findLanguage(value: string): FakeLanguage | undefined {
  const v = value.trim().toLowerCase();
  return LANGUAGES.find((l) => l.code === v || l.names.includes(v));
}

function displayName(l: FakeLanguage): string {
  const n = l.names[0]!;
  return n[0]!.toUpperCase() + n.slice(1);
}

/** A request the service answers with 400 InvalidParameter and this message. */
export class ParamError extends Error {}

export interface ValidRequest {
  imageUrl: string;
  sourceLang: string;
  targetLang: string;
  ext?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rejectUnknownKeys(obj: Record<string, unknown>, allowed: string[], where: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) throw new ParamError(`Unknown field ${where}.${key}; allowed: ${allowed.join(', ')}.`);
  }
}

const OSS_URL_MESSAGE =
  'The provided URL does not appear to be valid. Ensure it is correctly formatted. ' +
  `An oss:// URL of an uploaded file needs the request header ${OSS_RESOLVE_HEADER}: enable; otherwise input.image_url must be an http or https URL.`;

export function validateSubmission(body: unknown, ossResolve: boolean, model: string): ValidRequest {
  if (!isObject(body)) throw new ParamError('The request body must be a JSON object.');
  if (body.model === undefined) throw new ParamError('Field required: model.');
  if (body.model !== model) throw new ParamError(MODEL_NOT_EXIST);
  const input = body.input;
  if (!isObject(input)) throw new ParamError('Field required: input (an object).');
  rejectUnknownKeys(input, ['image_url', 'source_lang', 'target_lang', 'ext'], 'input');

  const imageUrl = input.image_url;
  if (typeof imageUrl !== 'string' || imageUrl === '') throw new ParamError('Field required: input.image_url (a string).');
  let parsed: URL;
  try {
    parsed = new URL(imageUrl);
  } catch {
    throw new ParamError(`input.image_url is not a valid URL: ${JSON.stringify(imageUrl.slice(0, 80))}.`);
  }
  if (parsed.protocol === 'oss:') {
    if (!ossResolve) throw new ParamError(OSS_URL_MESSAGE);
  } else if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ParamError(`input.image_url must be an http or https URL; got a ${parsed.protocol} URL.`);
  }
  if (/[^\x21-\x7e]/.test(imageUrl)) {
    throw new ParamError('input.image_url contains non-ASCII characters or spaces; URL-encode it.');
  }

  const sourceLang = input.source_lang;
  const targetLang = input.target_lang;
  if (typeof sourceLang !== 'string' || sourceLang.trim() === '') throw new ParamError('Field required: input.source_lang (a string).');
  if (typeof targetLang !== 'string' || targetLang.trim() === '') throw new ParamError('Field required: input.target_lang (a string).');
  const auto = sourceLang.trim().toLowerCase() === 'auto';
  const from = auto ? undefined : findLanguage(sourceLang);
  const to = findLanguage(targetLang);
  if (!auto && !from) throw new ParamError(`Unsupported source_lang: ${JSON.stringify(sourceLang)}.`);
  if (targetLang.trim().toLowerCase() === 'auto') throw new ParamError('target_lang cannot be auto.');
  if (!to) throw new ParamError(`Unsupported target_lang: ${JSON.stringify(targetLang)}.`);
  if (from && !from.source) throw new ParamError(`${displayName(from)} (${from.code}) is not supported as a source language.`);
  if (!to.target) throw new ParamError(`${displayName(to)} (${to.code}) is not supported as a target language.`);
  if (from && from.code === to.code) throw new ParamError(`source_lang and target_lang must be different (both ${displayName(to)}).`);
  if (from && !['zh', 'en'].includes(from.code) && !['zh', 'en'].includes(to.code)) {
    throw new ParamError(
      `Translation from ${displayName(from)} to ${displayName(to)} is not supported: one of source_lang and target_lang must be Chinese or English.`,
    );
  }

  if (input.ext !== undefined) validateExt(input.ext);
  return { imageUrl, sourceLang, targetLang, ext: input.ext };
}

function validateExt(ext: unknown): void {
  if (!isObject(ext)) throw new ParamError('input.ext must be an object.');
  rejectUnknownKeys(ext, ['domainHint', 'sensitives', 'terminologies', 'config'], 'input.ext');
  if (ext.domainHint !== undefined && typeof ext.domainHint !== 'string') throw new ParamError('input.ext.domainHint must be a string.');
  if (ext.sensitives !== undefined) {
    if (!Array.isArray(ext.sensitives) || !ext.sensitives.every((s) => typeof s === 'string')) {
      throw new ParamError('input.ext.sensitives must be an array of strings.');
    }
  }
  if (ext.terminologies !== undefined) {
    if (!Array.isArray(ext.terminologies)) throw new ParamError('input.ext.terminologies must be an array of {src, tgt}.');
    ext.terminologies.forEach((term, i) => {
      if (!isObject(term) || typeof term.src !== 'string' || typeof term.tgt !== 'string') {
        throw new ParamError(`input.ext.terminologies[${i}] must be an object {src: string, tgt: string}.`);
      }
      rejectUnknownKeys(term, ['src', 'tgt'], `input.ext.terminologies[${i}]`);
    });
  }
  if (ext.config !== undefined) {
    if (!isObject(ext.config)) throw new ParamError('input.ext.config must be an object.');
    // `imageSegment` is the newer documentation's name; `skipImgSegment` is still supported.
    rejectUnknownKeys(ext.config, ['skipImgSegment', 'imageSegment'], 'input.ext.config');
    if (ext.config.imageSegment !== undefined && typeof ext.config.imageSegment !== 'boolean') {
      throw new ParamError('input.ext.config.imageSegment must be a boolean.');
    }
    if (ext.config.skipImgSegment !== undefined && typeof ext.config.skipImgSegment !== 'boolean') {
      throw new ParamError('input.ext.config.skipImgSegment must be a boolean.');
    }
  }
}
