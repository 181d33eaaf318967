// Per-concept tallies read from every relation once, when the index is built: how many relations each concept
// has (with and without learning-order edges), how many kinds a class has, and which types of fact it takes
// part in. A walk or a rule reads them instead of scanning a hub's relations. Pure.
import type { IndexedRelation } from './graph-index.js';
import { retrievalWeights } from './weights.js';

export interface Degrees {
  /** Relations, and their summed confidence, without learning-order edges… */
  facts: Float64Array;
  factWeight: Float64Array;
  /** …and with them. */
  all: Float64Array;
  allWeight: Float64Array;
  /** IS_A facts to the concept: the kinds of a class. */
  kinds: Float64Array;
  /** The types of the facts (not learning-order edges) the concept takes part in, as subject or object. */
  types: ReadonlySet<string>[];
}

export function degreesOf(size: number, relations: readonly IndexedRelation[]): Degrees {
  const make = () => new Float64Array(size);
  const types = Array.from({ length: size }, () => new Set<string>());
  const degree = { facts: make(), factWeight: make(), all: make(), allWeight: make(), kinds: make(), types };
  for (const relation of relations) {
    if (relation.type === retrievalWeights.comparison.kindType) degree.kinds[relation.object] = (degree.kinds[relation.object] ?? 0) + 1;
    for (const node of [relation.subject, relation.object]) {
      degree.all[node] = (degree.all[node] ?? 0) + 1;
      degree.allWeight[node] = (degree.allWeight[node] ?? 0) + relation.confidence;
      if (relation.learning) continue;
      types[node]?.add(relation.type);
      degree.facts[node] = (degree.facts[node] ?? 0) + 1;
      degree.factWeight[node] = (degree.factWeight[node] ?? 0) + relation.confidence;
    }
  }
  return degree;
}
