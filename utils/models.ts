/** Offered only in China (Beijing): the model whose language table and limits this extension knows. */
export const DEFAULT_MODEL = 'qwen-mt-image';
/** Offered only in International (Singapore), instead of qwen-mt-image. */
export const INTL_MODEL = 'qwen-mt-image-2.0';

/** Each region's endpoint and the image-translation model it offers. */
export const regionModels = [
  { region: 'beijing', endpoint: 'https://dashscope.aliyuncs.com', model: DEFAULT_MODEL },
  { region: 'singapore', endpoint: 'https://dashscope-intl.aliyuncs.com', model: INTL_MODEL },
] as const;

/** The model a chosen endpoint goes with: its region's own, or qwen-mt-image for a gateway of unknown region. */
export function modelForEndpoint(endpoint: string): string {
  return regionOf(endpoint)?.model ?? DEFAULT_MODEL;
}

function regionOf(endpoint: string) {
  return regionModels.find((r) => r.endpoint === endpoint.trim().replace(/\/+$/, ''));
}

/** Only qwen-mt-image's language table is known; another model's pairs are left for the service to judge. */
export function hasKnownLanguageTable(model: string): boolean {
  return model === DEFAULT_MODEL;
}

/**
 * The model once the endpoint changes from `from` to `to`: a region's endpoint brings its model; leaving one
 * for a custom endpoint goes back to qwen-mt-image; a model the user typed for a custom endpoint stays.
 */
export function modelAfterEndpointChange(model: string, from: string, to: string): string {
  const next = regionOf(to);
  if (next) return next.model;
  return regionOf(from)?.model === model ? DEFAULT_MODEL : model;
}
