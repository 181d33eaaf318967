// Search's numbers in two tables: the bounds that keep every Lucene query small whatever the input, and the
// scores of each kind of match, which keep the tiers apart (the ranges SearchHit's `score` documents).

/** Bounds and thresholds of search, in one place: they keep every Lucene query small whatever the input. */
export const searchTuning = {
  /** Distinct words of the query used in full-text queries; later ones are ignored. */
  maxWords: 8,
  /** Code points kept of each word (Lucene refuses the automaton of a very long fuzzy or prefix term). */
  maxWordLength: 40,
  /** A normalised query longer than this is no name or alias: the exact/prefix lookup is skipped. */
  maxKeyLength: 100,
  /** Words at least this long get a fuzzy term (typos), and only this many of them. */
  fuzzyMinLength: 4,
  maxFuzzyWords: 3,
  /**
   * Typos are first looked for one edit away; two edits (allowed for long words) only when that found no
   * name the query is a typo of. A two-edit automaton walks far more of the term dictionary: about 9 ms
   * against 1 ms per query at 10k concepts.
   */
  firstPassEdits: 1,
  /** Rows each lookup returns at most. */
  keyedLimit: 200,
  textLimit: 50,
  /**
   * With a source, each lookup asks the index for this many times its rows: the index cannot filter by source,
   * so the source's concepts are kept from a larger (still bounded) set of the best matches.
   */
  sourceOverfetch: 4,
};

/**
 * What each kind of match scores, 0–1, best tier first: exact name or alias ≥ 0.9, prefix ≥ 0.6, typo 0.5–0.6,
 * words of names 0.3–0.5, words of summaries below 0.3. A candidate keeps its best score.
 */
export const searchScores = {
  /** The query is a name (or the id), or an alias, after folding case and separators. */
  exact: { name: 1, alias: 0.95 },
  /**
   * The query starts a name or alias: `base + closeness × (query length / key length)`, plus `nameBonus` for a
   * name; closer to a whole-name match scores higher ("contai" ranks container above container-runtime).
   */
  prefix: { base: 0.6, closeness: 0.25, nameBonus: 0.04 },
  /** The whole query is a typo of a name or alias: `base + closeness × (1 − edits / maxEdits)`. */
  typo: { base: 0.5, closeness: 0.09, maxEdits: 3 },
  /** Full-text matches, `base + relative × (Lucene score / the pass's best score)`: words of names… */
  nameWords: { base: 0.3, relative: 0.2 },
  /** …and words of summaries, below every name match. */
  summaryWords: { base: 0, relative: 0.28 },
  /** A match at least this strong is a name match: when these fill the page, summaries are not read. */
  nameMatch: 0.3,
  /** Scores in the reply are rounded to 1 / this. */
  precision: 1000,
} as const;
