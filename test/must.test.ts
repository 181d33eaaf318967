import { describe, expect, it } from 'vitest';
import { must } from '../src/must.js';

describe('must', () => {
  it('returns a present value unchanged, falsy ones included', () => {
    expect(must(0, 'zero')).toBe(0);
    expect(must('', 'empty')).toBe('');
  });

  it('throws naming what was missing', () => {
    expect(() => must(undefined, 'relation type USES')).toThrow('relation type USES');
    expect(() => must(null, 'concept')).toThrow('concept');
  });
});
