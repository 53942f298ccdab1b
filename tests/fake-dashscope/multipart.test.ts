import { describe, expect, it } from 'vitest';
import { multipartBoundary, parseMultipart } from './server';

describe('multipart parser', () => {
  const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

  it('reads the boundary of multipart/form-data only', () => {
    expect(multipartBoundary('multipart/form-data; boundary=----abc123')).toBe('----abc123');
    expect(multipartBoundary('Multipart/Form-Data; charset=utf-8; BOUNDARY="a b:c"')).toBe('a b:c');
    expect(multipartBoundary('multipart/form-data')).toBeUndefined();
    expect(multipartBoundary('multipart/mixed; boundary=x')).toBeUndefined();
    expect(multipartBoundary(undefined)).toBeUndefined();
  });

  it('parses fields and files, with a preamble, an epilogue and quoted names', () => {
    const parts = parseMultipart(
      crlf([
        'preamble to ignore',
        '--B',
        'Content-Disposition: form-data; name="key"',
        '',
        'a/b.png',
        '--B',
        'content-disposition: form-data; name="file"; filename="say \\"hi\\".png"',
        'Content-Type: image/png',
        '',
        'PNG\r\n--Bx',
        '--B--',
        'epilogue',
      ]),
      'B',
    );
    expect(parts).toHaveLength(2);
    expect(parts![0]).toMatchObject({ name: 'key', filename: undefined, contentType: undefined });
    expect(parts![0]!.data.toString()).toBe('a/b.png');
    expect(parts![1]).toMatchObject({ name: 'file', filename: 'say "hi".png', contentType: 'image/png' });
    expect(parts![1]!.data.toString('latin1')).toBe('PNG\r\n--Bx');
  });

  it('parses an empty form and an empty value', () => {
    expect(parseMultipart(crlf(['--B--', '']), 'B')).toEqual([]);
    const parts = parseMultipart(crlf(['--B', 'Content-Disposition: form-data; name="a"', '', '', '--B--']), 'B');
    expect(parts![0]!.data.length).toBe(0);
  });

  it.each([
    ['no delimiter', ['hello']],
    ['no closing delimiter', ['--B', 'Content-Disposition: form-data; name="a"', '', 'x']],
    ['no Content-Disposition', ['--B', 'Content-Type: text/plain', '', 'x', '--B--']],
    ['no name', ['--B', 'Content-Disposition: form-data; filename="a"', '', 'x', '--B--']],
    ['a header line without a colon', ['--B', 'Content-Disposition: form-data; name="a"', 'junk', '', 'x', '--B--']],
    ['no blank line after the headers', ['--B', 'Content-Disposition: form-data; name="a"', '--B--']],
  ])('answers undefined for %s', (_name, lines) => {
    expect(parseMultipart(crlf(lines), 'B')).toBeUndefined();
  });
});
