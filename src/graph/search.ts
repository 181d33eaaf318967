// Concept search in English and Korean. Tiers, best first: exact name or alias (after folding case and
// separators), prefix of a name or alias, full-text match on names and aliases (Lucene, with the cjk
// analyzer's Hangul bigrams and fuzzy terms for typos), then full-text match on summaries. The parts are in
// search/: the Lucene queries, how names match, the statements, and the tuning and score tables.

import { z } from 'zod';
import type { Catalogue } from './catalogue.js';
import { toConcept } from './concepts.js';
import type { GraphDatabase, Row } from './database.js';
import { normalizeTerm, queryWords } from './language/index.js';
import { Concept } from './model.js';
import { conceptNamesIndex, conceptSearchKeysIndex, conceptSummariesIndex } from './schema.js';
import { asSearchError, keyQuery, luceneQuery } from './search/lucene.js';
import { bestName, type Candidate, closestName, keyedMatch, type Typo, typoMatch } from './search/names.js';
import { fullTextStatement, keysAndNamesStatement, searchKeysStatement } from './search/statements.js';
import { searchScores, searchTuning } from './search/weights.js';
import type { SourceFilter } from './source-filter.js';

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

/** One search: what it asks, and the candidates gathered so far, each concept with its best match. */
interface Search {
  db: GraphDatabase;
  catalogue: Catalogue;
  source: SourceFilter | undefined;
  /** The whole query, normalised as search keys are. */
  key: string;
  words: string[];
  /** How many times its rows each lookup asks for (more with a source: the index cannot filter by it). */
  overfetch: number;
  candidates: Map<string, Candidate>;
}

function offer(search: Search, candidate: Candidate): void {
  const current = search.candidates.get(candidate.concept.id);
  if (!current || candidate.score > current.score) search.candidates.set(candidate.concept.id, candidate);
}

/** Rows of the first names pass when they came with the keyword lookup, and the names query they answer. */
type FirstNames = { rows: Row[]; lucene: string };

/**
 * The keyword lookup, with the first names pass in the same statement when there are words to ask (one
 * round trip). Skipped for a query too long to be any name or alias.
 */
async function readKeyed(search: Search): Promise<{ keyedRows: Row[]; firstNames?: FirstNames }> {
  const { db, source, key, words, overfetch } = search;
  if (key.length === 0 || [...key].length > searchTuning.maxKeyLength) return { keyedRows: [] };
  const plainLucene = luceneQuery(words, false, searchTuning.firstPassEdits);
  const keysParams = {
    keysIndex: conceptSearchKeysIndex,
    keysLucene: keyQuery(key),
    source: source ?? null,
    keysLimit: db.int(searchTuning.keyedLimit * overfetch),
  };
  if (plainLucene.length === 0) return { keyedRows: await db.read(searchKeysStatement(source), keysParams) };
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
  return {
    keyedRows: ((row?.keyed ?? []) as unknown[]).map((concept) => ({ concept })),
    firstNames: {
      rows: ((row?.names ?? []) as [unknown, unknown][]).map(([concept, score]) => ({ concept, score })),
      lucene: row?.named ? plainLucene : fuzzyLucene,
    },
  };
}

type TextHit = { concept: Concept; score: number; typo: Typo | undefined };

/** Full-text hits with their concept and, on the names index, the name the whole query is a typo of. */
async function readFullText(search: Search, index: string, lucene: string, firstNames: FirstNames | undefined): Promise<TextHit[]> {
  // The first names pass may have come with the keyword lookup; it is used when it asked the same query.
  const rows =
    index === conceptNamesIndex && firstNames?.lucene === lucene
      ? firstNames.rows
      : await search.db
          .read(fullTextStatement(search.source), {
            index,
            lucene,
            source: search.source ?? null,
            limit: search.db.int(searchTuning.textLimit * search.overfetch),
          })
          .catch(asSearchError);
  return rows.map((row) => {
    const concept = toConcept(row.concept, search.catalogue);
    return { concept, score: Number(row.score), typo: index === conceptNamesIndex ? closestName(concept, search.key) : undefined };
  });
}

/** The full-text passes in order, each with its scores: words of names, then words of summaries. */
const fullTextPasses = [
  { index: conceptNamesIndex, score: searchScores.nameWords },
  { index: conceptSummariesIndex, score: searchScores.summaryWords },
] as const;

type FullTextPass = (typeof fullTextPasses)[number];

function offerFullText(search: Search, pass: FullTextPass, found: TextHit[]): void {
  const top = Math.max(...found.map((hit) => hit.score), 0);
  for (const { concept, score, typo } of found) {
    const relative = top > 0 ? score / top : 0;
    if (typo) offer(search, typoMatch(concept, typo));
    const matched: SearchHit['matched'] =
      pass.index === conceptNamesIndex
        ? { ...bestName(concept, search.words), how: 'text' }
        : { field: 'summary', how: 'text', text: search.words.join(' ') };
    offer(search, { concept, score: pass.score.base + pass.score.relative * relative, matched });
  }
}

/** One full-text pass; false when the search ends here (nothing to ask, or names already fill the page). */
async function fullTextPass(
  search: Search,
  pass: FullTextPass,
  { named, limit, firstNames }: { named: boolean; limit: number; firstNames: FirstNames | undefined },
): Promise<boolean> {
  const fuzzy = pass.index === conceptNamesIndex && !named;
  const lucene = luceneQuery(search.words, fuzzy, searchTuning.firstPassEdits);
  if (lucene.length === 0) return false;
  // Summary matches score below every name match: when names already fill the page, they cannot show.
  const strong = [...search.candidates.values()].filter((candidate) => candidate.score >= searchScores.nameMatch).length;
  if (pass.index === conceptSummariesIndex && strong >= limit) return false;
  let found = await readFullText(search, pass.index, lucene, firstNames);
  if (fuzzy && !found.some((hit) => hit.typo)) {
    // No name within one edit of the query, and some word may be two edits off: the wider pass.
    const wider = luceneQuery(search.words, true);
    if (wider !== lucene) found = await readFullText(search, pass.index, wider, firstNames);
  }
  offerFullText(search, pass, found);
  return true;
}

export async function searchConcepts(
  db: GraphDatabase,
  catalogue: Catalogue,
  q: string,
  limit: number,
  source?: SourceFilter,
): Promise<SearchHit[]> {
  const search: Search = {
    db,
    catalogue,
    source,
    key: normalizeTerm(q),
    words: queryWords(q),
    overfetch: source ? searchTuning.sourceOverfetch : 1,
    candidates: new Map(),
  };
  // Statements are single reads (one round trip each, no BEGIN/COMMIT), as they need no common snapshot; a
  // request abandoned between them stops there (db.read checks first). Candidates are gathered pass by pass;
  // the search ends early once a pass has nothing to ask or names fill the page.
  const { keyedRows, firstNames } = await readKeyed(search);
  for (const row of keyedRows) {
    const match = keyedMatch(toConcept(row.concept, catalogue), search.key);
    if (match) offer(search, match);
  }
  // Typos are looked for only when the query does not already name a concept exactly.
  const named = [...search.candidates.values()].some((candidate) => candidate.matched.how === 'exact');
  for (const pass of fullTextPasses) if (!(await fullTextPass(search, pass, { named, limit, firstNames }))) break;

  return [...search.candidates.values()]
    .sort((a, b) => b.score - a.score || a.concept.id.localeCompare(b.concept.id))
    .slice(0, limit)
    .map((candidate) => ({ ...candidate, score: Math.round(candidate.score * searchScores.precision) / searchScores.precision }));
}
