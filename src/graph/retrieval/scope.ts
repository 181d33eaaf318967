// Whether a question is about something outside the graph although some of its words are the graph's. Such a
// question gets no facts, as any question outside the graph does. Two cases:
//   - it names no concept at all, and most of its words are ones no concept's text holds ("my postgres replica
//     lags behind the primary, how do I speed up WAL replay?"): a question about the graph's subjects names
//     one of them, or describes it in the graph's own words;
//   - it names one concept only, by a name most concepts mention ("container"), and otherwise talks in words no
//     concept's text holds, describing no concept and asking for no relation type but what kind a thing is
//     ("what kind of container keeps soup fresh in the fridge", "컨테이너 선박 운임"): the word's everyday meaning.
// Pure; reads only the question's tokens and the index's term list.
import type { RetrievalIndex } from './graph-index.js';
import type { ConceptHit } from './matching.js';
import type { Question } from './question.js';
import { retrievalWeights } from './weights.js';

interface Named {
  hits: ConceptHit[];
  claimedTokens: ReadonlySet<number>;
  excluded: ReadonlySet<number>;
}

interface Asked {
  stated: ReadonlySet<string>;
  cueTokens: ReadonlySet<number>;
}

export function elsewhere(index: RetrievalIndex, question: Question, named: Named, matched: readonly ConceptHit[], asked: Asked): boolean {
  // Asking what to learn, why, or how two things compare is asking about the concepts, whatever else is said.
  if (question.learningOrder || question.why || question.comparison) return false;
  const { known, unknown } = vocabulary(index, question, named, asked.cueTokens);
  const { genericName, minUnknown, unknownPerKnown, minWords, maxKnownShare } = retrievalWeights.scope;
  if (named.hits.length === 0 && named.excluded.size === 0)
    return known + unknown >= minWords && known <= maxKnownShare * (known + unknown);
  const concepts = new Set(named.hits.map((hit) => hit.concept));
  if (concepts.size !== 1 || named.hits.some((hit) => hit.weight >= genericName)) return false;
  // "What kind of container…" asks nothing of the graph by "kind"; any other type asked, or a concept described, is a question about it.
  if ([...asked.stated].some((type) => type !== retrievalWeights.comparison.kindType)) return false;
  if (matched.some((hit) => hit.how === 'described')) return false;
  return unknown >= minUnknown && unknown >= unknownPerKnown * known;
}

/** The question's content words outside the names it uses and the words asking for a type: how many the graph's texts hold. */
function vocabulary(
  index: RetrievalIndex,
  question: Question,
  named: Named,
  cueTokens: ReadonlySet<number>,
): { known: number; unknown: number } {
  const folded = named.hits.map((hit) => hit.folded).join(' ');
  let known = 0;
  let unknown = 0;
  question.tokens.forEach((token, i) => {
    if (token.stop || token.stem.length < 2 || named.claimedTokens.has(i) || cueTokens.has(i)) return;
    if (token.script === 'hangul' && folded.includes(token.stem)) return;
    if (index.terms.has(token.stem)) known++;
    else unknown++;
  });
  return { known, unknown };
}
