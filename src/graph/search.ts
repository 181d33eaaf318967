// Concept search in English and Korean. Tiers, best first: exact name or alias (after folding case and
// separators), prefix of a name or alias, full-text match on names and aliases (Lucene, with the cjk
// analyzer's Hangul bigrams and fuzzy terms for typos), then full-text match on summaries.

import { z } from 'zod';
import { BadRequestError } from '../errors.js';
import { must } from '../must.js';
import type { Catalogue } from './catalogue.js';
import { conceptProjection, toConcept } from './concepts.js';
import { type GraphDatabase, type Row, statement } from './database.js';
import { editDistance, hangulCharacter as hangul, normalizeTerm, queryWords, typoAllowance } from './language/index.js';
import { Concept } from './model.js';
import { conceptNamesIndex, conceptSearchKeysIndex, conceptSummariesIndex } from './schema.js';
import { conceptOfSource, type SourceFilter, whereIf } from './source-filter.js';

export const SearchHit = z.object({
  concept: Concept,
  score: z
    .number()
    .describe('0–1: exact name or alias ≥ 0.9, prefix ≥ 0.6, typo 0.5–0.6, words of names 0.3–0.5, words of summaries below 0.3'),
  matched: z.object({
    field: z.enum(['name', 'alias', 'summary']),
    how: z.enum(['exact', 'prefix', 'fuzzy', 'text']).describe('fuzzy: the query is a small typo of the name or alias'),
    text: z.string().describe('The name or alias that matched (the query words for a summary match)'),
  }),
});
export type SearchHit = z.infer<typeof SearchHit>;

const luceneSpecial = /[+\-!(){}[\]^"~*?:\\/&|]/gu;

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

/** Whether Neo4j refused a full-text query as too large or malformed (a client problem, not a failure). */
function isRefusedQuery(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('Neo.ClientError.Procedure');
}

/** A refused full-text query as the 400 it is; any other error as it came. */
function asSearchError(error: unknown): never {
  if (!isRefusedQuery(error)) throw error;
  throw new BadRequestError(
    'VALIDATION_FAILED',
    'The search text makes a query too large for the full-text index; use fewer or shorter words.',
  );
}

interface Candidate {
  concept: Concept;
  score: number;
  matched: SearchHit['matched'];
}

function namesOf(concept: Concept): { text: string; field: 'name' | 'alias' }[] {
  return [
    { text: concept.name.en, field: 'name' },
    { text: concept.name.ko, field: 'name' },
    ...concept.aliases.en.map((text) => ({ text, field: 'alias' as const })),
    ...concept.aliases.ko.map((text) => ({ text, field: 'alias' as const })),
  ];
}

/** Which name or alias best explains a match: the one sharing the most query words (or their bigrams). */
function bestName(concept: Concept, words: string[]): { text: string; field: 'name' | 'alias' } {
  const grams = new Set(
    words.flatMap((word) => (hangul.test(word) && word.length > 2 ? [...word].slice(1).map((c, i) => word[i] + c) : [word])),
  );
  let best = must(namesOf(concept)[0], 'namesOf');
  let bestScore = -1;
  for (const candidate of namesOf(concept)) {
    const folded = candidate.text.toLowerCase();
    const score = [...grams].filter((gram) => folded.includes(gram)).length;
    if (score > bestScore) [best, bestScore] = [candidate, score];
  }
  return best;
}

/** The name or alias the whole query is a typo of, if any (within Lucene's fuzzy allowance). */
function closestName(concept: Concept, key: string): { text: string; field: 'name' | 'alias'; distance: number } | undefined {
  const allowance = typoAllowance(key.length);
  if (allowance === 0) return undefined;
  let best: { text: string; field: 'name' | 'alias'; distance: number } | undefined;
  for (const name of namesOf(concept)) {
    const distance = editDistance(key, normalizeTerm(name.text), allowance);
    if (distance > 0 && distance <= allowance && (!best || distance < best.distance)) best = { ...name, distance };
  }
  return best;
}

// Exact and prefix matches of the normalised query against every name, alias and id, through the keyword
// index on searchKeys (one Lucene term per key), best (exact) first.
const keyedLookup = (source: SourceFilter) =>
  `CALL db.index.fulltext.queryNodes($keysIndex, $keysLucene, {limit: $keysLimit}) YIELD node AS c${whereIf(source, conceptOfSource('c'))}`;

const searchKeysStatement = (source: SourceFilter) =>
  statement(`searchKeys${source ? 'FromSource' : ''}`, `${keyedLookup(source)} RETURN ${conceptProjection} AS concept`);

// The keyword lookup and the first full-text pass on names in one statement (one round trip): whether the query
// names a concept exactly (one of its search keys) picks the names query with or without fuzzy terms, as the
// two statements did in turn.
const keysAndNamesStatement = (source: SourceFilter) =>
  statement(
    `searchKeysAndNames${source ? 'FromSource' : ''}`,
    `${keyedLookup(source)}
     WITH collect(c) AS keyed
     WITH keyed, any(c IN keyed WHERE $key IN c.searchKeys) AS named
     CALL (named) {
       CALL db.index.fulltext.queryNodes($namesIndex, CASE WHEN named THEN $plainLucene ELSE $fuzzyLucene END, {limit: $textLimit})
       YIELD node, score
       WITH node AS c, score${whereIf(source, conceptOfSource('c'))}
       RETURN collect([${conceptProjection}, score]) AS names
     }
     RETURN [c IN keyed | ${conceptProjection}] AS keyed, named, names`,
  );

/** Lucene query on the keyword index: the key itself, and as a prefix from two characters on. */
export function keyQuery(key: string): string {
  const escaped = key.replace(luceneSpecial, (c) => `\\${c}`).replace(/\s/gu, (c) => `\\${c}`);
  return key.length >= 2 ? `${escaped}^4 OR ${escaped}*` : escaped;
}

const fullTextStatement = (source: SourceFilter) =>
  statement(
    `searchFullText${source ? 'FromSource' : ''}`,
    `CALL db.index.fulltext.queryNodes($index, $lucene, {limit: $limit}) YIELD node, score
     WITH node AS c, score${whereIf(source, conceptOfSource('c'))}
     RETURN ${conceptProjection} AS concept, score`,
  );

export async function searchConcepts(
  db: GraphDatabase,
  catalogue: Catalogue,
  q: string,
  limit: number,
  source?: SourceFilter,
): Promise<SearchHit[]> {
  const overfetch = source ? searchTuning.sourceOverfetch : 1;
  const key = normalizeTerm(q);
  const words = queryWords(q);
  const candidates = new Map<string, Candidate>();
  const offer = (candidate: Candidate) => {
    const current = candidates.get(candidate.concept.id);
    if (!current || candidate.score > current.score) candidates.set(candidate.concept.id, candidate);
  };

  // Statements are single reads (one round trip each, no BEGIN/COMMIT), as they need no common snapshot; a
  // request abandoned between them stops there (db.read checks first). The keyword lookup and the first names
  // pass share one statement. Gathers candidates pass by pass; returns early once a pass has nothing to ask or
  // names fill the page.
  const gather = async (): Promise<void> => {
    const plainLucene = luceneQuery(words, false, searchTuning.firstPassEdits);
    // Rows of the first names pass when they came with the keyword lookup, and the names query they answer.
    let firstNames: { rows: Row[]; lucene: string } | undefined;
    let keyedRows: Row[] = [];
    if (key.length > 0 && [...key].length <= searchTuning.maxKeyLength) {
      const keysParams = {
        keysIndex: conceptSearchKeysIndex,
        keysLucene: keyQuery(key),
        source: source ?? null,
        keysLimit: db.int(searchTuning.keyedLimit * overfetch),
      };
      if (plainLucene.length > 0) {
        const fuzzyLucene = luceneQuery(words, true, searchTuning.firstPassEdits);
        const [row] = await db
          .read(keysAndNamesStatement(source), {
            ...keysParams,
            key,
            namesIndex: conceptNamesIndex,
            plainLucene,
            fuzzyLucene,
            textLimit: db.int(searchTuning.textLimit * overfetch),
          })
          .catch(asSearchError);
        keyedRows = ((row?.keyed ?? []) as unknown[]).map((concept) => ({ concept }));
        firstNames = {
          rows: ((row?.names ?? []) as [unknown, unknown][]).map(([concept, score]) => ({ concept, score })),
          lucene: row?.named ? plainLucene : fuzzyLucene,
        };
      } else {
        keyedRows = await db.read(searchKeysStatement(source), keysParams);
      }
    }
    for (const row of keyedRows) {
      const concept = toConcept(row.concept, catalogue);
      // The id counts too ("docker-cli"), but the reply shows the name it stands for.
      const names = [
        ...namesOf(concept).map((name) => ({ ...name, key: normalizeTerm(name.text) })),
        { text: concept.name.en, field: 'name' as const, key: normalizeTerm(concept.id) },
      ];
      const exact = names.find((name) => name.key === key);
      if (exact) {
        offer({ concept, score: exact.field === 'name' ? 1 : 0.95, matched: { field: exact.field, how: 'exact', text: exact.text } });
        continue;
      }
      const prefixed = names.filter((name) => name.key.startsWith(key)).sort((a, b) => a.key.length - b.key.length)[0];
      if (prefixed) {
        // Closer to a whole-name match scores higher: "contai" ranks container above container-runtime.
        const closeness = key.length / prefixed.key.length;
        offer({
          concept,
          score: 0.6 + 0.25 * closeness + (prefixed.field === 'name' ? 0.04 : 0),
          matched: { field: prefixed.field, how: 'prefix', text: prefixed.text },
        });
      }
    }
    // Typos are looked for only when the query does not already name a concept exactly.
    const named = [...candidates.values()].some((candidate) => candidate.matched.how === 'exact');
    // Full-text hits with their concept and, on the names index, the name the whole query is a typo of.
    const hits = (index: string, rows: Row[]) =>
      rows.map((row) => {
        const concept = toConcept(row.concept, catalogue);
        return { concept, score: Number(row.score), typo: index === conceptNamesIndex ? closestName(concept, key) : undefined };
      });
    const runFullText = async (index: string, lucene: string) => {
      // The first names pass may have come with the keyword lookup; it is used when it asked the same query.
      if (index === conceptNamesIndex && firstNames?.lucene === lucene) return hits(index, firstNames.rows);
      const rows = await db
        .read(fullTextStatement(source), { index, lucene, source: source ?? null, limit: db.int(searchTuning.textLimit * overfetch) })
        .catch(asSearchError);
      return hits(index, rows);
    };
    for (const [index, weight, base] of [
      [conceptNamesIndex, 0.2, 0.3],
      [conceptSummariesIndex, 0.28, 0],
    ] as const) {
      const fuzzy = index === conceptNamesIndex && !named;
      const lucene = luceneQuery(words, fuzzy, searchTuning.firstPassEdits);
      if (lucene.length === 0) return;
      // Summary matches score below every name match: when names already fill the page, they cannot show.
      const strong = [...candidates.values()].filter((candidate) => candidate.score >= 0.3).length;
      if (index === conceptSummariesIndex && strong >= limit) return;
      let found = await runFullText(index, lucene);
      if (fuzzy && !found.some((hit) => hit.typo)) {
        // No name within one edit of the query, and some word may be two edits off: the wider pass.
        const wider = luceneQuery(words, true);
        if (wider !== lucene) found = await runFullText(index, wider);
      }
      const top = Math.max(...found.map((hit) => hit.score), 0);
      for (const { concept, score, typo } of found) {
        const relative = top > 0 ? score / top : 0;
        if (typo)
          offer({ concept, score: 0.5 + 0.09 * (1 - typo.distance / 3), matched: { field: typo.field, how: 'fuzzy', text: typo.text } });
        const matched: SearchHit['matched'] =
          index === conceptNamesIndex
            ? { ...bestName(concept, words), how: 'text' }
            : { field: 'summary', how: 'text', text: words.join(' ') };
        offer({ concept, score: base + weight * relative, matched });
      }
    }
  };
  await gather();

  return [...candidates.values()]
    .sort((a, b) => b.score - a.score || a.concept.id.localeCompare(b.concept.id))
    .slice(0, limit)
    .map((candidate) => ({ ...candidate, score: Math.round(candidate.score * 1000) / 1000 }));
}
