// The graph as retrieval reads it, built once per graph version from the loader's rows: concepts, an
// adjacency list of relations, a lexicon of names and aliases with its candidate filters, and an
// inverted index of the words in each concept's names and summary, and each relation's link words
// (index-terms.ts). Pure: no database here.

import { hasHangul, isHangulSyllable, normalizeTerm, queryWords, singular, tokenize } from '../language/index.js';
import type { CategoryId } from '../model.js';
import { runInSlices, runToEnd } from '../slices.js';
import { type Degrees, degreesOf } from './degrees.js';
import { linkTermSteps, push, termSteps } from './index-terms.js';
import { retrievalWeights } from './weights.js';

export interface ConceptRow {
  id: string;
  name: { en: string; ko: string };
  aliases: { en: string[]; ko: string[] };
  category: CategoryId;
  summary: { en: string; ko: string };
  /** Phrases that describe it without naming it (concepts.yaml `describedAs`). */
  describedAs?: { en: string[]; ko: string[] };
}

export interface RelationRow {
  id: string;
  type: string;
  subject: string;
  object: string;
  confidence: number;
  sources: string[];
  /** Questions this fact answers, as people ask them (relations.yaml `askedAs`). */
  askedAs?: { en: string[]; ko: string[] };
}

export interface IndexedRelation {
  id: string;
  type: string;
  subject: number;
  object: number;
  confidence: number;
  sources: string[];
  /** A learning-order edge (REQUIRES): walked and shown only when the question asks what to learn first. */
  learning: boolean;
  /**
   * The subject's summary names the object (bit 1), the object's summary names the subject (bit 2): a
   * fact the concept's own definition mentions is central to it ("a hypervisor provides virtual hardware").
   */
  salient: number;
  /** Content terms of the questions it answers, without its ends' names: the words that ask for this link. */
  linkTerms?: ReadonlySet<string>;
  /** The shorter forms of its Korean link terms (index-terms.ts hangulPrefixes): a question's shorter stem matches a longer one. */
  linkPrefixes?: ReadonlySet<string>;
}

/** One way of naming a concept: its name or an alias, in either language. */
export interface LexiconEntry {
  concept: number;
  text: string;
  kind: 'name' | 'alias';
  /** Latin-only names match as a run of whole words (singular forms); others inside the spaceless question. */
  latin: boolean;
  words: string[];
  folded: string;
  /**
   * How specific the name is, 0..1: low for a name whose words appear in most concepts' texts
   * ("container"), high for a rare one ("containerd-shim"). HippoRAG's node specificity.
   */
  specificity: number;
}

export interface RetrievalIndex {
  concepts: ConceptRow[];
  byId: Map<string, number>;
  relations: IndexedRelation[];
  /** Relation indices touching each concept, strongest first. */
  adjacency: number[][];
  degree: Degrees;
  lexicon: LexiconEntry[];
  /** Latin entries by their first word… */
  latinByFirstWord: Map<string, number[]>;
  /** …and by their words run together, to find them written with other spacing ("health check", "WSL2"). */
  latinByJoined: Map<string, number[]>;
  /** Entries matched in the spaceless question, by their first two characters. */
  foldedByPrefix: Map<string, number[]>;
  /** Typo candidates: one-word Latin names and all-Hangul names, by the character bigrams they contain. */
  typoByBigram: Map<string, number[]>;
  /** Content terms -> concepts whose text holds them, with a weight (names count more than summaries). */
  terms: Map<string, { concept: number; weight: number }[]>;
  /** log(N / df) per term. */
  idf: Map<string, number>;
  /** log(N / df) of each link term (and shorter Korean form) over the relations that have any. */
  linkIdf: Map<string, number>;
}

export function bigrams(text: string): string[] {
  const chars = [...text];
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(`${chars[i]}${chars[i + 1]}`);
  return grams;
}

/** The index, built in one go (tests, benches, small graphs). */
export function buildRetrievalIndex(
  conceptRows: ConceptRow[],
  relationRows: RelationRow[],
  learningTypes: ReadonlySet<string>,
): RetrievalIndex {
  return runToEnd(indexSteps(conceptRows, relationRows, learningTypes));
}

/**
 * The index, built in slices of at most `sliceMs` of CPU with the event loop free in between: at 10k
 * concepts the build takes seconds, and requests (and /health/live) must not wait behind it.
 */
export function buildRetrievalIndexInSlices(
  conceptRows: ConceptRow[],
  relationRows: RelationRow[],
  learningTypes: ReadonlySet<string>,
  sliceMs = 4,
): Promise<RetrievalIndex> {
  return runInSlices(indexSteps(conceptRows, relationRows, learningTypes), sliceMs);
}

/** Items of work between two chances to pause the build. */
const itemsPerStep = 64;
const compareIds = new Intl.Collator().compare;

/** The build as a generator: it yields between groups of items, so a caller can pause it. */
function* indexSteps(
  conceptRows: ConceptRow[],
  relationRows: RelationRow[],
  learningTypes: ReadonlySet<string>,
): Generator<void, RetrievalIndex> {
  const ticker = { items: 0 };
  const tick = () => ++ticker.items % itemsPerStep === 0;
  const concepts = [...conceptRows].sort((a, b) => compareIds(a.id, b.id));
  const indexOf = new Map(concepts.map((c, i) => [c.id, i]));
  const { relations, adjacency, askedAs } = yield* relationSteps(concepts.length, indexOf, relationRows, learningTypes, tick);
  const degree = degreesOf(concepts.length, relations);
  const names = yield* lexiconSteps(concepts, tick);
  yield* salienceSteps(concepts, relations, names.lexicon, tick);
  const { terms, idf } = yield* termSteps(concepts, names.lexicon, tick);
  const linkIdf = yield* linkTermSteps(concepts, relations, askedAs, tick);
  return { concepts, byId: indexOf, relations, adjacency, degree, ...names, terms, idf, linkIdf };
}

export type Tick = () => boolean;

/** Relations between known concepts, and each concept's relations, strongest first. */
function* relationSteps(
  size: number,
  indexOf: ReadonlyMap<string, number>,
  relationRows: RelationRow[],
  learningTypes: ReadonlySet<string>,
  tick: Tick,
): Generator<void, { relations: IndexedRelation[]; adjacency: number[][]; askedAs: RelationRow['askedAs'][] }> {
  const relations: IndexedRelation[] = [];
  /** Each relation's askedAs, by its index: read by the link-term step, not kept in the index. */
  const askedAs: RelationRow['askedAs'][] = [];
  const adjacency: number[][] = Array.from({ length: size }, () => []);
  for (const row of relationRows) {
    if (tick()) yield;
    const subject = indexOf.get(row.subject);
    const object = indexOf.get(row.object);
    if (subject === undefined || object === undefined || subject === object) continue;
    const index = relations.length;
    askedAs.push(row.askedAs);
    relations.push({
      id: row.id,
      type: row.type,
      subject,
      object,
      confidence: row.confidence,
      sources: row.sources,
      learning: learningTypes.has(row.type),
      salient: 0,
    });
    adjacency[subject]?.push(index);
    adjacency[object]?.push(index);
  }
  for (const list of adjacency) {
    if (tick()) yield;
    list.sort((a, b) => (relations[b]?.confidence ?? 0) - (relations[a]?.confidence ?? 0) || a - b);
  }
  return { relations, adjacency, askedAs };
}

type Names = Pick<RetrievalIndex, 'lexicon' | 'latinByFirstWord' | 'latinByJoined' | 'foldedByPrefix' | 'typoByBigram'>;

/** Every name and alias, with the maps that find them in a question. */
function* lexiconSteps(concepts: ConceptRow[], tick: Tick): Generator<void, Names> {
  const lexicon: LexiconEntry[] = [];
  const latinByFirstWord = new Map<string, number[]>();
  const latinByJoined = new Map<string, number[]>();
  const foldedByPrefix = new Map<string, number[]>();
  const typoByBigram = new Map<string, number[]>();
  const { match } = retrievalWeights;
  for (const [concept, c] of concepts.entries()) {
    if (tick()) yield;
    const names: [string, LexiconEntry['kind']][] = [
      [c.name.en, 'name'],
      [c.name.ko, 'name'],
      [c.id.replaceAll('-', ' '), 'alias'],
      ...[...c.aliases.en, ...c.aliases.ko].map((text): [string, LexiconEntry['kind']] => [text, 'alias']),
    ];
    const seen = new Set<string>();
    for (const [text, kind] of names) {
      const folded = normalizeTerm(text);
      if ([...folded].length < 2 || seen.has(folded)) continue;
      seen.add(folded);
      const latin = !hasHangul(text);
      const words = latin ? tokenize(text).map((t) => singular(t.word)) : [];
      if (latin && words.length === 0) continue;
      const entry = lexicon.length;
      lexicon.push({ concept, text, kind, latin, words, folded, specificity: 1 });
      if (latin) {
        push(latinByFirstWord, words[0], entry);
        for (const joined of new Set([words.join(''), folded])) push(latinByJoined, joined, entry);
      } else push(foldedByPrefix, [...folded].slice(0, 2).join(''), entry);
      const typoable = latin
        ? words.length === 1 && folded.length >= match.typoMinLatin
        : [...folded].every(isHangulSyllable) && [...folded].length >= match.typoMinHangul;
      if (typoable) for (const gram of new Set(bigrams(folded))) push(typoByBigram, gram, entry);
    }
  }
  return { lexicon, latinByFirstWord, latinByJoined, foldedByPrefix, typoByBigram };
}

/**
 * Which relations a concept's summary mentions: the other end's name or an alias, as whole words in
 * English, inside the spaceless text in Korean. One pass over the relations; a few substring checks each.
 */
function* salienceSteps(concepts: ConceptRow[], relations: IndexedRelation[], lexicon: LexiconEntry[], tick: Tick): Generator<void, void> {
  const entriesOf: number[][] = concepts.map(() => []);
  lexicon.forEach((entry, e) => {
    entriesOf[entry.concept]?.push(e);
  });
  // The words as the lexicon holds them (tokenize's words, singular), without stemming every summary word.
  const summaryText = concepts.map((c) => ({
    latin: ` ${queryWords(c.summary.en.replace(/['’]s\b/gu, ''))
      .map(singular)
      .join(' ')} `,
    folded: normalizeTerm(c.summary.ko),
  }));
  const mentions = (concept: number, other: number): boolean => {
    const text = summaryText[concept];
    if (!text) return false;
    return (entriesOf[other] ?? []).some((e) => {
      const entry = lexicon[e];
      if (!entry) return false;
      return entry.latin
        ? text.latin.includes(` ${entry.words.join(' ')} `) || (entry.folded.length >= 4 && text.folded.includes(entry.folded))
        : text.folded.includes(entry.folded);
    });
  };
  for (const relation of relations) {
    if (tick()) yield;
    relation.salient = (mentions(relation.subject, relation.object) ? 1 : 0) | (mentions(relation.object, relation.subject) ? 2 : 0);
  }
}
