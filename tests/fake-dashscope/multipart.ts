/** Multipart form data (RFC 7578), enough of it for an OSS PostObject form. */

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  /** Every header of the part, lower-case names. */
  headers: Record<string, string>;
  data: Buffer;
}

/** The boundary parameter of a multipart/form-data Content-Type, or undefined for any other type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const [type, ...params] = contentType.split(';');
  if (type!.trim().toLowerCase() !== 'multipart/form-data') return undefined;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let value = param.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    return value.length >= 1 && value.length <= 70 ? value : undefined;
  }
  return undefined;
}

/** Parameters of a Content-Disposition value such as `form-data; name="key"; filename="a.png"`. */
function dispositionParams(value: string): { type: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const re = /;\s*([^\s=;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let m = re.exec(value); m; m = re.exec(value)) {
    params[m[1]!.toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]!.trim();
  }
  return { type, params };
}

/** The parts of a multipart/form-data body, in order; undefined when the body is not well-formed. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] | undefined {
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const crlfDelimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  /** Whether a delimiter ending at `end` is a whole delimiter line: "--" (the last) or blanks and CRLF follow. */
  const endsLine = (end: number) => {
    if (body[end] === 0x2d && body[end + 1] === 0x2d) return true;
    let i = end;
    while (body[i] === 0x20 || body[i] === 0x09) i++;
    return body[i] === 0x0d && body[i + 1] === 0x0a;
  };
  /** The next CRLF + delimiter line from `from`, or -1. */
  const nextDelimiter = (from: number) => {
    for (let i = body.indexOf(crlfDelimiter, from); i >= 0; i = body.indexOf(crlfDelimiter, i + 1)) {
      if (endsLine(i + crlfDelimiter.length)) return i;
    }
    return -1;
  };
  // The first delimiter opens the body, or ends a preamble line.
  let at: number;
  if (body.subarray(0, delimiter.length).equals(delimiter) && endsLine(delimiter.length)) at = delimiter.length;
  else {
    const found = nextDelimiter(0);
    if (found < 0) return undefined;
    at = found + crlfDelimiter.length;
  }
  const parts: MultipartPart[] = [];
  for (;;) {
    // After a delimiter: "--" closes the body; otherwise (transport padding) CRLF and a part.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return parts;
    while (body[at] === 0x20 || body[at] === 0x09) at++;
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) return undefined;
    at += 2;
    const headerEnd = body.indexOf('\r\n\r\n', at, 'latin1');
    const emptyHeaders = body[at] === 0x0d && body[at + 1] === 0x0a;
    if (headerEnd < 0 && !emptyHeaders) return undefined;
    const headerText = emptyHeaders ? '' : body.subarray(at, headerEnd).toString('utf8');
    const dataStart = emptyHeaders ? at + 2 : headerEnd + 4;
    const next = nextDelimiter(dataStart);
    if (next < 0) return undefined;
    const headers: Record<string, string> = {};
    for (const line of headerText.split('\r\n')) {
      if (line === '') continue;
      const colon = line.indexOf(':');
      if (colon <= 0) return undefined;
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const disposition = headers['content-disposition'];
    if (!disposition) return undefined;
    const { type, params } = dispositionParams(disposition);
    if (type !== 'form-data' || params.name === undefined) return undefined;
    parts.push({
      name: params.name,
      filename: params.filename,
      contentType: headers['content-type'],
      headers,
      data: body.subarray(dataStart, next),
    });
    at = next + crlfDelimiter.length;
  }
}
