import { MODEL } from './client';
import type { LanguageCode, SourceLanguage } from './languages';
import type { SubmitExt, SubmitRequest } from './schemas';

/** Everything that decides the translated image: the same request gives the same result. */
export interface TranslationRequest {
  /** The picture's identity: its address, or `sha256:…` of its bytes when it has no lasting address. */
  imageUrl: string;
  sourceLang: SourceLanguage;
  targetLang: LanguageCode;
  ext?: SubmitExt;
}

export interface ExtChoices {
  domainHint: string;
  sensitives: readonly string[];
  skipImgSegment: boolean;
}

/** The optional `ext` object, carrying only what differs from the service's defaults. */
export function buildExt(choices: ExtChoices): SubmitExt | undefined {
  const ext: SubmitExt = {};
  const hint = choices.domainHint.trim();
  if (hint) ext.domainHint = hint;
  if (choices.sensitives.length) ext.sensitives = [...choices.sensitives];
  if (choices.skipImgSegment) ext.config = { skipImgSegment: true };
  return Object.keys(ext).length ? ext : undefined;
}

/** `imageUrl` stands in for the request's own address when the picture was uploaded (an oss:// URL). */
export function buildSubmitRequest(request: TranslationRequest, imageUrl = request.imageUrl): SubmitRequest {
  return {
    model: MODEL,
    input: {
      // The reference asks for non-ASCII characters to be URL-encoded; URL's serialisation does that.
      image_url: new URL(imageUrl).href,
      source_lang: request.sourceLang,
      target_lang: request.targetLang,
      ...(request.ext ? { ext: request.ext } : {}),
    },
  };
}
