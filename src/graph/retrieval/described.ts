// Which concepts a question describes without naming them: their names and summaries share its content
// words, weighted by how rare the words are in the graph and in everyday English; weaker overlaps beside a
// named concept are "hinted". Pure; the postings read are bounded by a share of the graph and a fixed cap.
import { everydayUse, tokenize } from '../language/index.js';
import type { RetrievalIndex } from './graph-index.js';
import type { ConceptHit } from './matching.js';
import type { Question } from './question.js';
import { retrievalWeights } from './weights.js';

export interface Matches {
  hits: ConceptHit[];
  /** Per concept: how many of the question's content terms its text holds (after named concepts took theirs). */
  shared: Map<number, number>;
  /** The question's content terms that no name it uses accounts for. */
  freeTerms: string[];
}

/** Per concept: the idf-weighted score of the free words it shares, how many it shares (free or not), and which free ones. */
interface Overlap {
  score: Map<number, number>;
  shared: Map<number, number>;
  freeShared: Map<number, number>;
  words: Map<number, string[]>;
}

/** Concepts whose names and summaries share the question's content words, weighted by how rare the words are. */
export function matchDescribed(
  index: RetrievalIndex,
  question: Question,
  named: ConceptHit[],
  claimedTokens: Set<number>,
  cueTokens: ReadonlySet<number> = new Set(),
): Matches {
  const { described } = retrievalWeights;
  const terms = questionTerms(question, named, claimedTokens, cueTokens);
  const overlap = overlapOf(index, terms, compoundStems(question.text));
  const namedIds = new Set(named.map((hit) => hit.concept));
  const ranked = [...overlap.score.entries()].filter(([concept]) => !namedIds.has(concept)).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const qualified = ranked.filter(
    ([concept, s]) => (overlap.freeShared.get(concept) ?? 0) >= described.minTerms && s >= described.minScore,
  );
  const wordsOf = (concept: number) => (overlap.words.get(concept) ?? []).join(' ');
  const hits = distinctDescriptions(index, qualified, namedIds, wordsOf)
    .slice(0, described.maxConcepts)
    .map(([concept]) => ({
      concept,
      weight: Math.min(described.cap, described.base + described.perTerm * (overlap.freeShared.get(concept) ?? 0)),
      how: 'described' as const,
      matched: wordsOf(concept),
      folded: '',
    }));
  // Hinted: weaker overlaps seed the walk a little, and only beside a concept the question names or describes.
  const chosen = new Set(hits.map((hit) => hit.concept));
  const { hinted } = retrievalWeights;
  const hints =
    named.length + hits.length === 0
      ? []
      : ranked
          .filter(([concept, s]) => !chosen.has(concept) && s >= hinted.minScore)
          .slice(0, hinted.maxConcepts)
          .map(([concept, s]) => ({
            concept,
            weight: Math.min(hinted.cap, hinted.perScore * s),
            how: 'hinted' as const,
            matched: wordsOf(concept),
            folded: '',
          }));
  const freeTerms = [...terms].flatMap(([term, free]) => (free ? [term] : []));
  return { hits: [...named, ...hits, ...hints], shared: overlap.shared, freeTerms };
}

/** The question's content terms no name took: what it says of the link it asks for, matched against each fact's `askedAs` words. */
export function linkTermsOf(question: Question, claimedTokens: ReadonlySet<number>): Set<string> {
  const terms = new Set<string>();
  question.tokens.forEach((token, i) => {
    if (!token.stop && token.stem.length >= 2 && !claimedTokens.has(i)) terms.add(token.stem);
  });
  return terms;
}

/** The question's content terms; false for a term a name accounted for (it still counts as shared, but cannot make a concept "described"). */
function questionTerms(
  question: Question,
  named: ConceptHit[],
  claimedTokens: Set<number>,
  cueTokens: ReadonlySet<number>,
): Map<string, boolean> {
  const namedFolded = named.map((hit) => hit.folded).join(' ');
  const terms = new Map<string, boolean>();
  question.tokens.forEach((token, i) => {
    // A word that asks for a relation type ("구성", "components") says what is asked, not about which concept.
    if (token.stop || token.stem.length < 2 || cueTokens.has(i)) return;
    const claimed = claimedTokens.has(i) || (token.script === 'hangul' && namedFolded.includes(token.stem));
    terms.set(token.stem, (terms.get(token.stem) ?? false) || !claimed);
  });
  return terms;
}

function overlapOf(index: RetrievalIndex, terms: Map<string, boolean>, compounds: ReadonlySet<string>): Overlap {
  const { described } = retrievalWeights;
  const maxPostings = Math.min(described.maxPostings, Math.max(1, Math.floor(index.concepts.length * described.maxDocumentShare)));
  const overlap: Overlap = { score: new Map(), shared: new Map(), freeShared: new Map(), words: new Map() };
  for (const [term, free] of terms) {
    const postings = index.terms.get(term);
    if (!postings || postings.length > maxPostings) continue;
    // How much the word says, read once per term rather than once per concept holding it.
    const worth = (index.idf.get(term) ?? 0) * (compounds.has(term) ? 1 : specificity(term));
    for (const { concept, weight } of postings) {
      overlap.shared.set(concept, (overlap.shared.get(concept) ?? 0) + 1);
      if (!free) continue;
      overlap.score.set(concept, (overlap.score.get(concept) ?? 0) + worth * weight);
      overlap.freeShared.set(concept, (overlap.freeShared.get(concept) ?? 0) + 1);
      overlap.words.set(concept, [...(overlap.words.get(concept) ?? []), term]);
    }
  }
  return overlap;
}

/** Stems of the words the question joins into a compound ("read-only", "copy-on-write"): a term of the trade, whatever its parts. */
function compoundStems(text: string): Set<string> {
  const stems = new Set<string>();
  for (const [compound] of text.matchAll(/[a-z0-9]+(?:-[a-z0-9]+)+/gu)) {
    for (const token of tokenize(compound.replaceAll('-', ' '))) stems.add(token.stem);
  }
  return stems;
}

/**
 * How much a word can say about which concept is meant: full for a word of the trade, less the more
 * everyday it is. A description made of "keep", "real" and "behind" describes nothing in particular.
 */
function specificity(term: string): number {
  const { from, span, floor } = retrievalWeights.described.everyday;
  const use = everydayUse(term);
  return use <= from ? 1 : Math.max(floor, 1 - (use - from) / span);
}

/**
 * A description fitting several concepts by the very same words ("file", "read") picks out only those
 * next to a concept the question names ("the read-only package a container is started from").
 */
function distinctDescriptions(
  index: RetrievalIndex,
  qualified: [number, number][],
  namedIds: ReadonlySet<number>,
  wordsOf: (concept: number) => string,
): [number, number][] {
  const nextToNamed = (concept: number) =>
    (index.adjacency[concept] ?? []).slice(0, retrievalWeights.graph.relationsPerNode).some((r) => {
      const relation = index.relations[r];
      return relation !== undefined && !relation.learning && (namedIds.has(relation.subject) || namedIds.has(relation.object));
    });
  const fits = new Map<string, number>();
  for (const [concept] of qualified) fits.set(wordsOf(concept), (fits.get(wordsOf(concept)) ?? 0) + 1);
  return qualified.filter(([concept]) => (fits.get(wordsOf(concept)) ?? 0) < 2 || nextToNamed(concept));
}
