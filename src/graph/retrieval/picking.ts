// The last step of ranking: facts taken greedily from the scored candidates, each fact already taken from a
// concept of the question lowering the next one's score, so one concept cannot fill the answer. Pure.
import type { RetrievalIndex } from './graph-index.js';
import type { RankedFact, RankInput } from './ranking.js';
import { retrievalWeights } from './weights.js';

/**
 * Greedy pick from the scored pool (ranking.ts bounds it): each fact already taken from a concept of the
 * question lowers the next one's score, more so in a comparison, where each side must get its share.
 */
export function pickFacts(
  index: RetrievalIndex,
  input: RankInput,
  seedWeight: ReadonlyMap<number, number>,
  scored: RankedFact[],
): RankedFact[] {
  const w = retrievalWeights.rank;
  // The bar is a share of the leading facts' score, not of the best one alone: one fact the question fits
  // exactly (the contrast it names) must not silence the rest of the answer. Two hops look wider: a lower bar.
  const lead = scored[Math.min(scored.length, w.leadRank) - 1]?.score ?? 0;
  const pool = scored.filter((fact) => fact.score >= (lead * w.minShareOfLead) / input.breadth ** 2);
  const decay = input.comparison ? w.comparisonDecay : w.repeatDecay;
  const uses = new Map<number, number>();
  const picked: RankedFact[] = [];
  const taken = new Set<number>();
  const usesOf = (node: number) => (seedWeight.has(node) ? (uses.get(node) ?? 0) : Number.POSITIVE_INFINITY);
  while (picked.length < input.maxFacts && taken.size < pool.length) {
    let choice: RankedFact | undefined;
    let choiceScore = -1;
    for (const fact of pool) {
      if (taken.has(fact.relation)) continue;
      const relation = index.relations[fact.relation];
      if (!relation) continue;
      // Uses of the less used of its ends that are the question's concepts (none: no decay).
      const least = Math.min(usesOf(relation.subject), usesOf(relation.object));
      const adjusted = fact.score * (fact.aspect ? w.aspectDecay : decay) ** (least === Number.POSITIVE_INFINITY ? 0 : least);
      if (adjusted > choiceScore) {
        choice = fact;
        choiceScore = adjusted;
      }
    }
    if (!choice) break;
    taken.add(choice.relation);
    picked.push({ relation: choice.relation, score: Math.round(choiceScore * 10_000) / 10_000 });
    const relation = index.relations[choice.relation];
    if (relation) for (const node of [relation.subject, relation.object]) uses.set(node, (uses.get(node) ?? 0) + 1);
  }
  return picked;
}
