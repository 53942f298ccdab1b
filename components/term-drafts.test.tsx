import { describe, expect, it } from 'vitest';
import {
  checkRows,
  hasProblems,
  noDrafts,
  rowsOf,
  termDraftsReducer,
  type RowDraft,
  type TermDrafts,
  type TermDraftsAction,
} from './term-drafts';

const run = (...actions: TermDraftsAction[]): TermDrafts => actions.reduce(termDraftsReducer, noDrafts);
const terms = (rows: readonly RowDraft[]) => rows.map(({ src, tgt }) => ({ src, tgt }));

describe('term drafts', () => {
  it('shows the stored terms of a pair as rows, and nothing for a pair without terms', () => {
    const drafts = run({ type: 'stored', table: { 'zh>en': [{ src: '苹果', tgt: 'Apple' }] } });
    expect(drafts.loaded).toBe(true);
    expect(terms(rowsOf(drafts, 'zh>en'))).toEqual([{ src: '苹果', tgt: 'Apple' }]);
    expect(rowsOf(drafts, 'auto>en')).toEqual([]);
  });

  it('edits, adds and removes rows of one pair, leaving what is stored alone', () => {
    let drafts = run({ type: 'stored', table: { 'zh>en': [{ src: '苹果', tgt: 'Apple' }] } });
    const [apple] = rowsOf(drafts, 'zh>en');
    drafts = termDraftsReducer(drafts, { type: 'edit', key: 'zh>en', id: apple!.id, side: 'tgt', text: 'Apples' });
    const newId = drafts.nextId;
    drafts = termDraftsReducer(drafts, { type: 'add', key: 'zh>en' });
    expect(rowsOf(drafts, 'zh>en').map((row) => row.id)).toEqual([apple!.id, newId]);
    drafts = termDraftsReducer(drafts, { type: 'edit', key: 'zh>en', id: newId, side: 'src', text: '梨' });
    drafts = termDraftsReducer(drafts, { type: 'remove', key: 'zh>en', index: 0 });
    expect(terms(rowsOf(drafts, 'zh>en'))).toEqual([{ src: '梨', tgt: '' }]);
    expect(drafts.saved).toEqual({ 'zh>en': [{ src: '苹果', tgt: 'Apple' }] });
  });

  it('imports into the filled rows, keeping their ids, and drops the blank ones', () => {
    let drafts = run({ type: 'stored', table: { 'zh>en': [{ src: '苹果', tgt: 'Apple' }] } }, { type: 'add', key: 'zh>en' });
    const appleId = rowsOf(drafts, 'zh>en')[0]!.id;
    drafts = termDraftsReducer(drafts, {
      type: 'import',
      key: 'zh>en',
      terms: [
        { src: '苹果', tgt: 'Red apple' },
        { src: '茶', tgt: 'Tea' },
      ],
    });
    const rows = rowsOf(drafts, 'zh>en');
    expect(terms(rows)).toEqual([
      { src: '苹果', tgt: 'Red apple' },
      { src: '茶', tgt: 'Tea' },
    ]);
    expect(rows[0]!.id).toBe(appleId);
    expect(new Set(rows.map((row) => row.id)).size).toBe(2);
  });

  it('keeps edits in progress when the stored terms change elsewhere, and its rows when they come back the same', () => {
    let drafts = run({ type: 'stored', table: {} }, { type: 'add', key: 'zh>en' });
    drafts = termDraftsReducer(drafts, { type: 'stored', table: { 'auto>en': [{ src: 'a', tgt: 'b' }] } });
    expect(rowsOf(drafts, 'zh>en')).toHaveLength(1);
    expect(terms(rowsOf(drafts, 'auto>en'))).toEqual([{ src: 'a', tgt: 'b' }]);
    expect(termDraftsReducer(drafts, { type: 'stored', table: { 'auto>en': [{ src: 'a', tgt: 'b' }] } })).toBe(drafts);
  });

  it('forgets the edits once they are applied', () => {
    const drafts = run(
      { type: 'stored', table: {} },
      { type: 'add', key: 'zh>en' },
      { type: 'applied', table: { 'zh>en': [{ src: 'x', tgt: 'y' }] } },
    );
    expect(drafts.edited).toEqual({});
    expect(terms(rowsOf(drafts, 'zh>en'))).toEqual([{ src: 'x', tgt: 'y' }]);
  });
});

describe('checking the rows of a pair', () => {
  const row = (id: number, src: string, tgt: string): RowDraft => ({ id, src, tgt });

  it('ignores blank rows and trims the terms it takes', () => {
    const checked = checkRows([row(1, '  ', ''), row(2, ' 苹果 ', ' Apple ')]);
    expect(checked.terms).toEqual([{ src: '苹果', tgt: 'Apple' }]);
    expect(hasProblems(checked)).toBe(false);
  });

  it('words each problem for its row, numbering rows as shown', () => {
    const checked = checkRows([
      row(1, '', ''),
      row(2, '苹果', 'Apple'),
      row(3, ' 苹果', ''),
      row(4, 'a'.repeat(201), 'b'),
      row(5, '', 'c'),
    ]);
    expect(checked.errors).toEqual({
      3: { src: '“苹果” is already term 2.', tgt: expect.any(String) },
      4: { src: expect.stringContaining('201') },
      5: { src: expect.any(String) },
    });
    expect(checked.terms).toEqual([{ src: '苹果', tgt: 'Apple' }]);
  });

  it('says how many terms are over the limit', () => {
    const rows = Array.from({ length: 102 }, (_, i) => row(i + 1, `t${i}`, 'x'));
    expect(checkRows(rows).listError).toContain('2');
    expect(checkRows(rows.slice(0, 100)).listError).toBeUndefined();
  });
});
