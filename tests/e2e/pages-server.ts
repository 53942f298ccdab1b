import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripPng } from '../fixtures/make-strip';

const root = fileURLToPath(new URL('.', import.meta.url));
const folders: Record<string, string> = {
  '/images/': join(root, '../fixtures/images'),
  // Served only with the session cookie, as images behind a login are.
  '/private/': join(root, '../fixtures/images'),
  '/': join(root, 'pages'),
};
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
};

/** Pages that answer with a strict Content-Security-Policy, as hostile sites do. */
const strictPolicy = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'";

/**
 * The test site plays the public internet under names in the reserved .example domain: Chromium (through
 * --host-resolver-rules) and the fake service (through `resolveHost`) both find them on loopback.
 */
export const PUBLIC_TEST_HOSTS_RULE = 'MAP *.example 127.0.0.1';
export const resolveTestHost = (hostname: string) => (hostname.endsWith('.example') ? '127.0.0.1' : hostname);

export interface PagesServer {
  /** A public-looking site: the service can download its images by address. */
  url: string;
  /** The same server as another public site, for cross-site frames. */
  otherSiteUrl: string;
  /** The same server on localhost: a private address the service could never reach. */
  privateUrl: string;
  close(): Promise<void>;
}

/** Serves the local test pages and fixture images. */
export async function startPagesServer(port = 0): Promise<PagesServer> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    // A 600 × 9000 strip, made on request: beyond the service's 10:1, so it is translated in parts.
    if (path === '/generated/strip.png') return void response.writeHead(200, { 'Content-Type': 'image/png' }).end(stripPng());
    const prefix = Object.keys(folders).find((p) => path.startsWith(p))!;
    if (prefix === '/private/' && !/\bsession=signed-in\b/.test(request.headers.cookie ?? ''))
      return void response.writeHead(403).end('sign in first');
    const file = normalize(join(folders[prefix]!, path.slice(prefix.length) || 'index.html'));
    if (!file.startsWith(folders[prefix]!)) return void response.writeHead(403).end();
    readFile(file).then(
      (body) => {
        const headers: Record<string, string> = {
          'Content-Type': types[extname(file)] ?? 'application/octet-stream',
          'Cache-Control': 'no-store',
        };
        if (path.startsWith('/strict-')) headers['Content-Security-Policy'] = strictPolicy;
        response.writeHead(200, headers).end(body);
      },
      () => response.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://shop.example:${actualPort}`,
    otherSiteUrl: `http://cdn.example:${actualPort}`,
    privateUrl: `http://localhost:${actualPort}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
