/** Reading requests and writing the service's replies: JSON errors for the API, XML errors for OSS. */
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export function listenUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port}`;
}

export function flatHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/** The body up to `limit` bytes; beyond it the rest is read and dropped, and tooLarge is set. */
export async function readRaw(req: IncomingMessage, limit: number): Promise<{ bytes: Buffer; tooLarge: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const part of req) {
    size += (part as Buffer).length;
    if (size > limit) tooLarge = true;
    else parts.push(part as Buffer);
  }
  return { bytes: Buffer.concat(parts), tooLarge };
}

export function bearerMatches(req: IncomingMessage, apiKey: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1] === apiKey;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { code, message, request_id: randomUUID() });
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** An OSS error document; `host` is the storage's own host name, as OSS reports it. */
export function sendOssError(res: ServerResponse, host: string, status: number, code: string, message: string): void {
  const requestId = randomBytes(12).toString('hex').toUpperCase();
  const text =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
    `  <Code>${escapeXml(code)}</Code>\n  <Message>${escapeXml(message)}</Message>\n` +
    `  <RequestId>${requestId}</RequestId>\n  <HostId>${escapeXml(host)}</HostId>\n</Error>\n`;
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(text), 'x-oss-request-id': requestId });
  res.end(text);
}
