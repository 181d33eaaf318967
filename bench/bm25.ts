// The floor retrieval is measured against: plain BM25 (Okapi, k1 1.2, b 0.75) over the relation sentences,
// each fact one document in each language, ranked against the question in its own language. Words are the
// project's tokens (src/graph/language/: English stems, Korean stems with particles and endings removed),
// stop words left out. No graph, no names, no relation types: what word overlap alone buys.
import type { Catalogue } from '../src/graph/catalogue.js';
import { detectLanguage, type Language, tokenize } from '../src/graph/language/index.js';
import { sentenceFrom } from '../src/graph/relations.js';
import type { RetrievalIndex } from '../src/graph/retrieval/graph-index.js';
import type { Ask } from './retrieval-eval.js';

const k1 = 1.2;
const b = 0.75;

interface Document {
  id: string;
  type: string;
  /** Term frequencies. */
  tf: Map<string, number>;
  length: number;
}

const terms = (text: string) => tokenize(text).flatMap((token) => (token.stop ? [] : [token.stem]));

/** One language's collection: documents, document frequencies and the mean length. */
class Collection {
  readonly documents: Document[] = [];
  private readonly df = new Map<string, number>();
  private meanLength = 1;

  add(id: string, type: string, text: string): void {
    const tf = new Map<string, number>();
    const words = terms(text);
    for (const word of words) tf.set(word, (tf.get(word) ?? 0) + 1);
    for (const word of tf.keys()) this.df.set(word, (this.df.get(word) ?? 0) + 1);
    this.documents.push({ id, type, tf, length: words.length });
  }

  seal(): void {
    this.meanLength = this.documents.reduce((sum, d) => sum + d.length, 0) / Math.max(1, this.documents.length) || 1;
  }

  /** Documents with a positive score, best first (ties by id, so the order is deterministic). */
  rank(query: string): { id: string; type: string; score: number }[] {
    const n = this.documents.length;
    const asked = [...new Set(terms(query))];
    const scored: { id: string; type: string; score: number }[] = [];
    for (const d of this.documents) {
      let score = 0;
      for (const term of asked) {
        const f = d.tf.get(term);
        if (!f) continue;
        const df = this.df.get(term) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * f * (k1 + 1)) / (f + k1 * (1 - b + (b * d.length) / this.meanLength));
      }
      if (score > 0) scored.push({ id: d.id, type: d.type, score });
    }
    return scored.sort((x, y) => y.score - x.score || x.id.localeCompare(y.id));
  }
}

/** A BM25 ranker over every relation of the index, as an `Ask` the evaluation can call like the API. */
export function bm25Ask(index: RetrievalIndex, catalogue: Catalogue): Ask {
  const collections: Record<Language, Collection> = { en: new Collection(), ko: new Collection() };
  for (const relation of index.relations) {
    const type = catalogue.relationType(relation.type);
    const subject = index.concepts[relation.subject];
    const object = index.concepts[relation.object];
    if (!type || !subject || !object) continue;
    const sentence = sentenceFrom(type, { subject: { id: subject.id, name: subject.name }, object: { id: object.id, name: object.name } });
    collections.en.add(relation.id, relation.type, sentence.en);
    collections.ko.add(relation.id, relation.type, sentence.ko);
  }
  collections.en.seal();
  collections.ko.seal();
  return async ({ query, maxFacts }) => ({ facts: collections[detectLanguage(query)].rank(query).slice(0, maxFacts) });
}
