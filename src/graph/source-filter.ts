// Keeping a reading to one source of the graph: `notes` (what the study notes support) or `background`
// (official documentation beyond them). The seed writes `provenance` on every concept and relationship; these
// fragments are the one place that says how a statement keeps to `$source`, so every listing filters alike.
// A fragment joins a statement only when a source is asked for: an unfiltered request runs the statement
// without it, never `$source IS NULL OR …`, which would keep the planner from reading an index in order.
import type { Provenance } from './model.js';

/** The source a request keeps to; undefined reads the whole graph. */
export type SourceFilter = Provenance | undefined;

/** Condition: the concept bound to `c` comes from `$source`. */
export function conceptOfSource(c = 'c'): string {
  return `${c}.provenance = $source`;
}

/**
 * Condition: the relationship `r` from `a` to `b` belongs to a `$source` listing. A notes relation needs both
 * ends to be notes concepts as well, so nothing from the background reaches a notes-only reading; a background
 * relation brings its two ends with it, whatever their source (it cannot be read without them). One text for
 * both sources, so each statement has one plan to compile with a source (a listing across types compiles one
 * per type, which a cold start feels).
 */
export function relationOfSource(r = 'r', a = 'a', b = 'b'): string {
  return `${r}.provenance = $source AND ($source = 'background' OR (${a}.provenance = $source AND ${b}.provenance = $source))`;
}

/** ` AND condition` when a source is asked for, nothing otherwise. */
export function andIf(source: SourceFilter, condition: string): string {
  return source ? ` AND ${condition}` : '';
}

/** ` WHERE condition` when a source is asked for, nothing otherwise. */
export function whereIf(source: SourceFilter, condition: string): string {
  return source ? ` WHERE ${condition}` : '';
}

/**
 * The part a source adds to a cursor's scope: a cursor from one source's listing is refused by another's.
 * Nothing without a source, so cursors of unfiltered listings keep their form.
 */
export function sourceScope(source: SourceFilter): string {
  return source ? `|source=${source}` : '';
}

/** A stored provenance as the reply states it: what the notes do not support (or an element the seed did not write) is background. */
export function toProvenance(value: unknown): Provenance {
  return value === 'notes' ? 'notes' : 'background';
}
