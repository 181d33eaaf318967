import { describe, expect, it } from 'vitest';
import { andIf, conceptOfSource, relationOfSource, sourceScope, toProvenance, whereIf } from '../../src/graph/source-filter.js';

describe('source filter fragments', () => {
  it('add nothing to a statement when no source is asked for, so the unfiltered plan is unchanged', () => {
    expect(andIf(undefined, conceptOfSource())).toBe('');
    expect(whereIf(undefined, conceptOfSource())).toBe('');
    expect(sourceScope(undefined)).toBe('');
  });

  it('compare with the $source parameter and never with a value written into the text', () => {
    for (const fragment of [andIf('notes', conceptOfSource('c')), andIf('background', relationOfSource('r', 'a', 'b'))]) {
      expect(fragment).toContain('$source');
      expect(fragment).not.toMatch(/'notes'/);
    }
    // One text for both sources: one plan per statement.
    expect(andIf('notes', relationOfSource())).toBe(andIf('background', relationOfSource()));
  });

  it('give each source its own cursor scope', () => {
    expect(new Set([sourceScope(undefined), sourceScope('notes'), sourceScope('background')]).size).toBe(3);
  });

  it('read a missing or unknown stored provenance as background: only what the notes are said to support is notes', () => {
    expect(toProvenance('notes')).toBe('notes');
    expect(toProvenance('background')).toBe('background');
    expect(toProvenance(null)).toBe('background');
    expect(toProvenance('NOTES')).toBe('background');
  });
});
