import { describe, expect, it } from 'vitest';
import { applyMergePatch } from '../../../src/graph/curation/merge-patch.js';

describe('applyMergePatch (RFC 7396)', () => {
  it('replaces named members, removes null ones, merges objects and replaces arrays whole', () => {
    const target = { a: 'b', c: { d: 'e', f: 'g' }, list: [1, 2], keep: true };
    expect(applyMergePatch(target, { a: 'z', c: { f: null }, list: [3] })).toEqual({ a: 'z', c: { d: 'e' }, list: [3], keep: true });
  });

  it('passes the RFC 7396 appendix examples', () => {
    const cases: [unknown, unknown, unknown][] = [
      [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
      [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
      [{ a: 'b' }, { a: null }, {}],
      [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
      [
        ['a', 'b'],
        ['c', 'd'],
        ['c', 'd'],
      ],
      [{ a: 'foo' }, null, null],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [[1, 2], { a: 'b', c: null }, { a: 'b' }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [target, patch, result] of cases) expect(applyMergePatch(target, patch)).toEqual(result);
  });

  it('leaves the target unchanged', () => {
    const target = { name: { en: 'x', ko: 'y' } };
    applyMergePatch(target, { name: { en: 'z' } });
    expect(target).toEqual({ name: { en: 'x', ko: 'y' } });
  });
});
