import type { LanguageCode, SourceLanguage } from '../languages';
import type { SubmitExt, SubmitRequest } from './schemas';
import type { Term } from '../terminology';

/** Everything that decides the translated image: the same request gives the same result. */
export interface TranslationRequest {
  /** The region's image-translation model (utils/models.ts): another model gives another result. */
  model: string;
  /** The picture's identity: its address, or `sha256:…` of its bytes when it has no lasting address. */
  imageUrl: string;
  sourceLang: SourceLanguage;
  targetLang: LanguageCode;
  ext?: SubmitExt;
  /**
   * The origin of the page that read the picture, for one sent by upload: what a page could read (a login, an
   * intranet) is translated for that origin alone, never shown to another site. Part of the cache key; never sent.
   */
  scope?: string;
}

export interface ExtChoices {
  domainHint: string;
  sensitives: readonly string[];
  skipImgSegment: boolean;
  /** The terms of the request's own language pair (see termsFor in utils/terminology.ts). */
  terminologies: readonly Term[];
}

/** The optional `ext` object, carrying only what differs from the service's defaults. */
export function buildExt(choices: ExtChoices): SubmitExt | undefined {
  const ext: SubmitExt = {};
  const hint = choices.domainHint.trim();
  if (hint) ext.domainHint = hint;
  if (choices.sensitives.length) ext.sensitives = [...choices.sensitives];
  if (choices.skipImgSegment) ext.config = { skipImgSegment: true };
  if (choices.terminologies.length) ext.terminologies = choices.terminologies.map(({ src, tgt }) => ({ src, tgt }));
  return Object.keys(ext).length ? ext : undefined;
}

/** `imageUrl` stands in for the request's own address when the picture was uploaded (an oss:// URL). */
export function buildSubmitRequest(request: TranslationRequest, imageUrl = request.imageUrl): SubmitRequest {
  const skip = request.ext?.config?.skipImgSegment ?? false;
  // Subject detection goes out explicitly, under the newer documentation's name and the older one it still
  // supports, so that a changed default at the service cannot change what a request gives.
  const ext: SubmitExt = { ...request.ext, config: { imageSegment: !skip, skipImgSegment: skip } };
  return {
    model: request.model,
    input: {
      // The reference asks for non-ASCII characters to be URL-encoded; URL's serialisation does that.
      image_url: new URL(imageUrl).href,
      source_lang: request.sourceLang,
      target_lang: request.targetLang,
      ext,
    },
  };
}
