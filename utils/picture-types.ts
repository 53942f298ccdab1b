/**
 * Picture types as browsers and the service name them, and the file extension each is saved or uploaded under.
 * Plain data, no browser API: the worker, the provider client and the options page share it.
 */
const extensions: ReadonlyMap<string, string> = new Map([
  ['image/png', 'png'],
  ['image/jpeg', 'jpg'],
  ['image/webp', 'webp'],
  ['image/bmp', 'bmp'],
  ['image/tiff', 'tiff'],
  ['image/x-portable-anymap', 'pnm'],
  ['image/x-portable-pixmap', 'ppm'],
  ['image/gif', 'gif'],
  ['image/svg+xml', 'svg'],
  ['image/avif', 'avif'],
]);

/** Other spellings of an extension in the table. */
const extensionAliases: ReadonlyMap<string, string> = new Map([
  ['jpeg', 'jpg'],
  ['tif', 'tiff'],
]);

/** The extension for a MIME type ("image/jpeg; q=1" gives "jpg"); undefined for a type not in the table. */
export function extensionForType(type: string): string | undefined {
  return extensions.get(type.split(';')[0]!.trim().toLowerCase());
}

/** The MIME type a file name's extension stands for; "application/octet-stream" when it has none we know. */
export function typeForFileName(filename: string): string {
  const written = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  const extension = extensionAliases.get(written) ?? written;
  for (const [type, known] of extensions) if (known === extension) return type;
  return 'application/octet-stream';
}
