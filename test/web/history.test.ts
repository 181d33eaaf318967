// The explorer's history in words: which fields a change touched, the phrase for each kind of revision, the time.
import { describe, expect, it } from 'vitest';
import { changedFields, type Revision, revisionPhrase, revisionTime, sameJson } from '../../web/src/history.js';

const before = {
  id: 'buildkit',
  name: { en: 'BuildKit', ko: '빌드킷' },
  aliases: { en: [], ko: [] },
  category: 'tool',
  tags: ['build'],
  summary: { en: 'The build engine.', ko: '빌드 엔진.' },
  sources: [{ source: 'background', section: 'buildkit' }],
};

function revision(op: Revision['op'], from: Record<string, unknown> | null, to: Record<string, unknown> | null): Revision {
  return { seq: 1, at: '2026-12-06T10:15:00.000Z', by: 'teacher-kim', kind: 'concept', op, target: 'buildkit', before: from, after: to };
}

describe('which fields a change touched', () => {
  it('lists the top-level fields whose values differ, in the entry’s order', () => {
    const after = { ...before, tags: ['build', 'images'], summary: { en: 'The build engine behind docker build.', ko: '빌드 엔진.' } };
    expect(changedFields(before, after)).toEqual(['tags', 'summary']);
  });

  it('compares nested values by content, whatever the order of their keys', () => {
    const after = { ...before, name: { ko: '빌드킷', en: 'BuildKit' }, sources: [{ section: 'buildkit', source: 'background' }] };
    expect(changedFields(before, after)).toEqual([]);
  });

  it('counts an optional field added or removed, and the order of list items', () => {
    expect(changedFields(before, { ...before, article: 'a' })).toEqual(['article']);
    expect(changedFields({ ...before, reading: '빌드킷' }, before)).toEqual(['reading']);
    expect(changedFields({ ...before, tags: ['a', 'b'] }, { ...before, tags: ['b', 'a'] })).toEqual(['tags']);
  });

  it('has no fields for a create or a delete (one side missing)', () => {
    expect(changedFields(null, before)).toEqual([]);
    expect(changedFields(before, null)).toEqual([]);
  });

  it('tells JSON values apart by type as well as content', () => {
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(null, {})).toBe(false);
    expect(sameJson('1', 1)).toBe(false);
    expect(sameJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(true);
  });
});

describe('the phrase for each revision', () => {
  it('says created, changed with the fields, or deleted, in English and Korean', () => {
    const changed = revision('update', before, { ...before, tags: [], summary: { en: 'x', ko: 'y' } });
    expect(revisionPhrase('en', revision('create', null, before))).toBe('Created');
    expect(revisionPhrase('en', changed)).toBe('Changed tags, summary');
    expect(revisionPhrase('en', revision('delete', before, null))).toBe('Deleted');
    expect(revisionPhrase('ko', revision('create', null, before))).toBe('만듦');
    expect(revisionPhrase('ko', changed)).toBe('tags, summary 바꿈');
    expect(revisionPhrase('ko', revision('delete', before, null))).toBe('지움');
  });

  it('says so when an update left every field as it was', () => {
    expect(revisionPhrase('en', revision('update', before, { ...before }))).toBe('Saved with no field changed');
  });
});

describe('when a revision happened', () => {
  it('gives the date and time in the page’s language and the given time zone', () => {
    const en = revisionTime('en', '2026-12-06T10:15:00.000Z', 'UTC');
    expect(en).toContain('2026');
    expect(en).toContain('10:15');
    expect(revisionTime('ko', '2026-12-06T10:15:00.000Z', 'Asia/Seoul')).toContain('2026. 12. 6.');
    expect(revisionTime('ko', '2026-12-06T10:15:00.000Z', 'Asia/Seoul')).toContain('7:15');
  });

  it('shows the text as given when it is not a date', () => {
    expect(revisionTime('en', 'not a date')).toBe('not a date');
  });
});
