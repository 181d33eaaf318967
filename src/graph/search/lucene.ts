// The Lucene queries search sends to the full-text indexes, built from the query's words and bounded by
// searchTuning, and what a refused query means.
import { BadRequestError } from '../../errors.js';
import { hangulCharacter as hangul, typoAllowance } from '../language/index.js';
import { searchTuning } from './weights.js';

const luceneSpecial = /[+\-!(){}[\]^"~*?:\\/&|]/gu;

/** The query's words as Lucene will see them: distinct, at most maxWords, each cut to maxWordLength code points. */
export function boundedWords(words: string[]): string[] {
  return [...new Set(words)].slice(0, searchTuning.maxWords).map((word) => [...word].slice(0, searchTuning.maxWordLength).join(''));
}

/**
 * A Lucene query for the full-text indexes. Latin words match whole and as a prefix, and with `fuzzy`
 * the longer ones also fuzzily (typos); Hangul words are left to the analyzer, which splits them into
 * bigrams, so partial words still match.
 */
export function luceneQuery(words: string[], fuzzy = true, maxEdits = 2): string {
  let fuzzyLeft = fuzzy ? searchTuning.maxFuzzyWords : 0;
  const clauses = boundedWords(words).map((word) => {
    const escaped = word.replace(luceneSpecial, (c) => `\\${c}`);
    if (hangul.test(word)) return escaped;
    const parts = [`${escaped}^3`];
    if (word.length >= 2) parts.push(`${escaped}*`);
    if (word.length >= searchTuning.fuzzyMinLength && fuzzyLeft > 0) {
      fuzzyLeft--;
      parts.push(`${escaped}~${Math.min(typoAllowance(word.length), maxEdits)}`);
    }
    return `(${parts.join(' OR ')})`;
  });
  return clauses.join(' OR ');
}

/** Lucene query on the keyword index: the key itself, and as a prefix from two characters on. */
export function keyQuery(key: string): string {
  const escaped = key.replace(luceneSpecial, (c) => `\\${c}`).replace(/\s/gu, (c) => `\\${c}`);
  return key.length >= 2 ? `${escaped}^4 OR ${escaped}*` : escaped;
}

/** Whether Neo4j refused a full-text query as too large or malformed (a client problem, not a failure). */
function isRefusedQuery(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('Neo.ClientError.Procedure');
}

/** A refused full-text query as the 400 it is; any other error as it came. */
export function asSearchError(error: unknown): never {
  if (!isRefusedQuery(error)) throw error;
  throw new BadRequestError(
    'VALIDATION_FAILED',
    'The search text makes a query too large for the full-text index; use fewer or shorter words.',
  );
}
