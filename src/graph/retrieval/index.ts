// Grounded retrieval for chatbots, as a pipeline: read the question (question.ts), find the concepts it
// names or describes (matching.ts, described.ts), rank facts over the whole graph (ranking.ts), render definitions,
// facts and sources (context.ts). The graph is read once per graph version (loader.ts). Deterministic:
// the same question over the same graph gives the same reply.
import type { Catalogue } from '../catalogue.js';
import type { GraphDatabase } from '../database.js';
import { sentenceFrom } from '../relations.js';
import { nextTurn } from '../slices.js';
import { contextBlock } from './context.js';
import { linkTermsOf, matchDescribed } from './described.js';
import type { ScoreTrace } from './fact-score.js';
import type { RetrievalIndex } from './graph-index.js';
import { RetrievalIndexCache } from './loader.js';
import { type ConceptHit, matchNamed } from './matching.js';
import { askedTypes, readQuestion, type TypeCues, typeCues } from './question.js';
import { type RankedFact, rankFacts } from './ranking.js';
import { type NumberedCitation, type RetrievedConcept, type RetrievedFact, type RetrieveReply, RetrieveRequest } from './schema.js';
import { elsewhere } from './scope.js';
import { retrievalWeights } from './weights.js';

export { RetrieveReply, RetrieveRequest } from './schema.js';

const cuesByCatalogue = new WeakMap<Catalogue, TypeCues[]>();

function cuesOf(catalogue: Catalogue): TypeCues[] {
  let cues = cuesByCatalogue.get(catalogue);
  if (!cues) {
    cues = catalogue.relationTypes.map(typeCues);
    cuesByCatalogue.set(catalogue, cues);
  }
  return cues;
}

/** Answers a question from an index: pure apart from the catalogue's lookups. */
export function answer(index: RetrievalIndex, catalogue: Catalogue, request: RetrieveRequest, trace?: ScoreTrace): RetrieveReply {
  const question = readQuestion(request.query);
  const named = matchNamed(index, question);
  const asked = askedTypes(question, cuesOf(catalogue), named.claimedTokens);
  const described = matchDescribed(index, question, named.hits, named.claimedTokens, asked.cueTokens);
  const { hits, shared } = elsewhere(index, question, named, described, asked.stated)
    ? { hits: [], shared: new Map<number, number>() }
    : described;
  const seeds = [...hits].sort(
    (a, b) => b.weight - a.weight || (index.concepts[a.concept]?.id ?? '').localeCompare(index.concepts[b.concept]?.id ?? ''),
  );
  const concepts = retrievedConcepts(index, seeds);
  const ranked = rankFacts(index, {
    seeds,
    asked: asked.types,
    stated: asked.stated,
    shared,
    terms: linkTermsOf(question, named.claimedTokens),
    learningOrder: question.learningOrder,
    why: question.why,
    // "What does a VM have that a container does not?" compares without saying so.
    comparison: question.comparison || (question.negated && !question.why && named.hits.length >= 2),
    whole: question.whole,
    anaphor: question.anaphor,
    excluded: named.excluded,
    between: question.between,
    flow: question.flow,
    maxFacts: request.maxFacts,
    breadth: request.hops,
    trace,
  });
  const { facts, citations } = retrievedFacts(index, catalogue, ranked);
  return {
    query: request.query,
    language: question.language,
    learningOrder: question.learningOrder,
    concepts,
    facts,
    citations,
    context: contextBlock(question.language, concepts, facts, citations, retrievalWeights.context.definitions, request.maxContextChars),
  };
}

/** The concepts the question names or describes, strongest first (hinted ones only steer the ranking). */
function retrievedConcepts(index: RetrievalIndex, seeds: ConceptHit[]): RetrievedConcept[] {
  return seeds.flatMap((hit) => {
    if (hit.how === 'hinted') return [];
    const c = index.concepts[hit.concept];
    return c
      ? [
          {
            id: c.id,
            name: c.name,
            category: c.category,
            summary: c.summary,
            score: Math.round(hit.weight * 1000) / 1000,
            how: hit.how,
            matched: hit.matched,
          },
        ]
      : [];
  });
}

/** The ranked relations as sentences, with their sources numbered in order of first use. */
function retrievedFacts(
  index: RetrievalIndex,
  catalogue: Catalogue,
  ranked: RankedFact[],
): { facts: RetrievedFact[]; citations: NumberedCitation[] } {
  const citations: NumberedCitation[] = [];
  const numbers = new Map<string, number>();
  const numberOf = (refKey: string): number => {
    const known = numbers.get(refKey);
    if (known !== undefined) return known;
    const n = citations.length + 1;
    citations.push({ ...catalogue.citation(refKey), n });
    numbers.set(refKey, n);
    return n;
  };
  const facts: RetrievedFact[] = ranked.flatMap(({ relation: r, score }) => {
    const relation = index.relations[r];
    const type = relation && catalogue.relationType(relation.type);
    const subject = relation && index.concepts[relation.subject];
    const object = relation && index.concepts[relation.object];
    if (!relation || !type || !subject || !object) return [];
    const ends = { subject: { id: subject.id, name: subject.name }, object: { id: object.id, name: object.name } };
    return [
      {
        id: relation.id,
        sentence: sentenceFrom(type, ends),
        ...ends,
        type: relation.type,
        confidence: relation.confidence,
        score,
        citations: [...new Set(relation.sources.map(numberOf))],
      },
    ];
  });
  return { facts, citations };
}

/** Retrieval over a database: the index is rebuilt when `version()` reports a new graph version. */
export class Retriever {
  private readonly indexes: RetrievalIndexCache;

  constructor(
    db: GraphDatabase,
    private readonly version: () => Promise<string>,
  ) {
    this.indexes = new RetrievalIndexCache(db);
  }

  async retrieve(catalogue: Catalogue, request: RetrieveRequest): Promise<RetrieveReply> {
    const index = await this.indexes.get(await this.version(), catalogue);
    return answer(index, catalogue, request);
  }

  /**
   * Builds the current version's index ahead of the first question (a failure leaves it to that question),
   * then answers a few questions about the best-connected concepts, one per event-loop turn, so the ranking code
   * is compiled by the JIT before the first real question: otherwise a burst at start-up runs the ranking
   * unoptimised and holds the event loop far longer per question.
   */
  async exercise(catalogue: Catalogue, concepts: number): Promise<void> {
    const index = await this.indexes.get(await this.version(), catalogue);
    for (const concept of bestConnected(index, concepts)) {
      for (const request of [
        { query: `How does ${concept.name.en} relate to the rest, and why?`, hops: 1 },
        { query: `${concept.name.ko}는 무엇이고 무엇과 함께 쓰이나요?`, hops: 2 },
      ]) {
        await nextTurn();
        answer(index, catalogue, RetrieveRequest.parse(request));
      }
    }
  }
}

/** The `count` concepts with the most relations (one pass, no sort of the whole graph). */
function bestConnected(index: RetrievalIndex, count: number): RetrievalIndex['concepts'] {
  const best: number[] = [];
  const degree = index.degree.all;
  for (let i = 0; i < index.concepts.length; i++) {
    if (best.length === count && (degree[i] ?? 0) <= (degree[best[count - 1] ?? 0] ?? 0)) continue;
    best.push(i);
    best.sort((a, b) => (degree[b] ?? 0) - (degree[a] ?? 0));
    if (best.length > count) best.pop();
  }
  return best.flatMap((i) => index.concepts[i] ?? []);
}
