import { describe, expect, it } from 'vitest';
import type { Term } from './terminology';
import { decodeTermsFile, detectFormat, formatTerms, mergeTerms, parseTermsFile } from './terminology-files';
import { many } from '../tests/unit/term-support';

describe('reading a term file', () => {
  it('reads plain CSV', () => {
    expect(parseTermsFile('苹果,Apple\n机器学习,Machine learning\n')).toEqual({
      terms: [
        { src: '苹果', tgt: 'Apple' },
        { src: '机器学习', tgt: 'Machine learning' },
      ],
      problems: [],
    });
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = '"Sale, 50% off","促销，五折"\n"the ""best"" tea",最好的茶\n"two\r\nlines","两\n行"\n';
    expect(parseTermsFile(text).terms).toEqual([
      { src: 'Sale, 50% off', tgt: '促销，五折' },
      { src: 'the "best" tea', tgt: '最好的茶' },
      { src: 'two\nlines', tgt: '两\n行' },
    ]);
  });

  it('keeps a quote inside an unquoted field as text', () => {
    expect(parseTermsFile('5" screen,5 英寸屏幕').terms).toEqual([{ src: '5" screen', tgt: '5 英寸屏幕' }]);
  });

  it('reads TSV, where commas are text', () => {
    const text = 'src\ttgt\n1,000 mAh\t1000 毫安\n"tab\there"\t制表符\n';
    expect(detectFormat(text)).toBe('tsv');
    expect(parseTermsFile(text)).toEqual({
      terms: [
        { src: '1,000 mAh', tgt: '1000 毫安' },
        { src: 'tab\there', tgt: '制表符' },
      ],
      problems: [],
    });
  });

  it('skips a header row in any of its spellings, only as the first row', () => {
    for (const header of ['src,tgt', 'SOURCE,Target', 'Source term,Target term', ' src , tgt ']) {
      expect(parseTermsFile(`${header}\na,b`).terms).toEqual([{ src: 'a', tgt: 'b' }]);
    }
    expect(parseTermsFile('a,b\nsource,target').terms).toEqual([
      { src: 'a', tgt: 'b' },
      { src: 'source', tgt: 'target' },
    ]);
  });

  it('takes a byte order mark, CRLF and CR line ends, blank lines and a missing last line end', () => {
    const text = '\uFEFFsrc,tgt\r\n\r\na,b\r\n   \r\n,\r\nc,d\re,f';
    expect(parseTermsFile(text)).toEqual({
      terms: [
        { src: 'a', tgt: 'b' },
        { src: 'c', tgt: 'd' },
        { src: 'e', tgt: 'f' },
      ],
      problems: [],
    });
  });

  it('trims terms and says which lines were left out and why', () => {
    const text = [
      'src,tgt',
      '  a  ,  b ',
      'lonely',
      ',no source',
      'no target,',
      `${'x'.repeat(201)},y`,
      'a,again',
      'c,d,extra',
      'e,f,,',
    ].join('\n');
    const { terms, problems } = parseTermsFile(text);
    expect(terms).toEqual([
      { src: 'a', tgt: 'b' },
      { src: 'c', tgt: 'd' },
      { src: 'e', tgt: 'f' },
    ]);
    expect(problems).toEqual([
      'Line 3: expected a source term and a target term separated by a comma.',
      'Line 4: The source term is empty.',
      'Line 5: The target term is empty.',
      'Line 6: Keep the source term to 200 characters.',
      'Line 7: “a” is already on line 2; the first one is kept.',
      'Line 8: only the first two columns are read; the rest is ignored.',
    ]);
  });

  it('counts lines by where a row starts, across quoted line breaks', () => {
    const { problems } = parseTermsFile('"multi\nline",x\nbad');
    expect(problems).toEqual(['Line 3: expected a source term and a target term separated by a comma.']);
  });

  it('says when a quoted field is never closed', () => {
    const { terms, problems } = parseTermsFile('a,b\n"open,c\nd,e');
    expect(terms).toEqual([{ src: 'a', tgt: 'b' }]);
    expect(problems[0]).toBe('Line 2: a quoted field is not closed, so the rest of the file was read as part of it.');
  });

  it('keeps the first 100 terms and says how many were left out', () => {
    const text = many(103)
      .map((t) => `${t.src},${t.tgt}`)
      .join('\n');
    const { terms, problems } = parseTermsFile(text);
    expect(terms).toHaveLength(100);
    expect(terms[99]).toEqual({ src: 't99', tgt: 'T99' });
    expect(problems).toEqual(['Only 100 terms fit in one language pair; the last 3 were left out.']);
  });

  it('reads an empty file as no terms', () => {
    expect(parseTermsFile('')).toEqual({ terms: [], problems: [] });
    expect(parseTermsFile('\uFEFF\r\n\r\n')).toEqual({ terms: [], problems: [] });
    expect(parseTermsFile('src,tgt\n')).toEqual({ terms: [], problems: [] });
  });
});

describe('writing a term file', () => {
  const tricky: Term[] = [
    { src: '苹果', tgt: 'Apple' },
    { src: 'Sale, 50% off', tgt: '促销，五折' },
    { src: 'the "best" tea', tgt: '最好的茶' },
    { src: 'two\nlines', tgt: 'tab\there' },
    { src: '"quoted"', tgt: "5' cable" },
  ];

  it('writes CSV with a header, RFC 4180 quoting and CRLF line ends', () => {
    expect(formatTerms(tricky, 'csv')).toBe(
      'src,tgt\r\n苹果,Apple\r\n"Sale, 50% off",促销，五折\r\n"the ""best"" tea",最好的茶\r\n"two\nlines",tab\there\r\n"""quoted""",5\' cable\r\n',
    );
  });

  it('writes TSV, quoting only what a tab-separated reader would misread', () => {
    expect(formatTerms(tricky, 'tsv')).toBe(
      'src\ttgt\n苹果\tApple\nSale, 50% off\t促销，五折\nthe "best" tea\t最好的茶\n"two\nlines"\t"tab\there"\n"""quoted"""\t5\' cable\n',
    );
  });

  it('reads back what it wrote, in both formats', () => {
    for (const format of ['csv', 'tsv'] as const)
      expect(parseTermsFile(formatTerms(tricky, format))).toEqual({ terms: tricky, problems: [] });
  });

  it('writes only the header for no terms', () => {
    expect(formatTerms([], 'csv')).toBe('src,tgt\r\n');
  });
});

describe('importing into a list', () => {
  it('updates known source terms, adds new ones, and keeps within the limit', () => {
    const current = [
      { src: 'a', tgt: '1' },
      { src: 'b', tgt: '2' },
    ];
    expect(
      mergeTerms(current, [
        { src: 'b', tgt: 'two' },
        { src: 'c', tgt: '3' },
        { src: 'a', tgt: '1' },
      ]),
    ).toEqual({
      terms: [
        { src: 'a', tgt: '1' },
        { src: 'b', tgt: 'two' },
        { src: 'c', tgt: '3' },
      ],
      added: 1,
      updated: 1,
      dropped: 0,
    });
    expect(current[1]!.tgt).toBe('2');
    const full = mergeTerms(many(99), [
      { src: 'new1', tgt: 'x' },
      { src: 'new2', tgt: 'y' },
      { src: 't0', tgt: 'z' },
    ]);
    expect(full.terms).toHaveLength(100);
    expect([full.added, full.updated, full.dropped]).toEqual([1, 1, 1]);
  });
});

describe('decoding a term file', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('reads UTF-8 with and without a byte order mark', () => {
    expect(decodeTermsFile(bytes('苹果,Apple'))).toEqual({ text: '苹果,Apple', encoding: 'utf-8' });
    expect(parseTermsFile(decodeTermsFile(bytes('\uFEFF苹果,Apple')).text).terms).toEqual([{ src: '苹果', tgt: 'Apple' }]);
  });

  it('reads UTF-16 with a byte order mark, as Excel saves "Unicode Text"', () => {
    const text = 'src\ttgt\n苹果\tApple';
    const le = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      le[2 + i * 2] = text.charCodeAt(i) & 0xff;
      le[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    const decoded = decodeTermsFile(le);
    expect(decoded.encoding).toBe('utf-16le');
    expect(parseTermsFile(decoded.text).terms).toEqual([{ src: '苹果', tgt: 'Apple' }]);
  });

  it('falls back to GB18030 for bytes that are not UTF-8', () => {
    // 苹果 in GBK/GB18030.
    const gbk = new Uint8Array([0xc6, 0xbb, 0xb9, 0xfb, 0x2c, 0x41]);
    expect(decodeTermsFile(gbk)).toEqual({ text: '苹果,A', encoding: 'gb18030' });
  });
});
