// Whether a question is about something outside the graph although some of its words are the graph's. Such a
// question gets no facts, as any question outside the graph does. The cases:
//   - every name it uses is a word another field shares, beside a word only that field uses ("a 40ft shipping
//     container", "포토샵 레이어", "the node.js event loop"; language/senses.ts), whatever else it asks;
//   - it names no concept at all, and most of its words are ones no concept's text holds ("my postgres replica
//     lags behind the primary, how do I speed up WAL replay?"): a question about the graph's subjects names
//     one of them, or describes it in the graph's own words;
//   - it names one concept only, by a name most concepts mention ("container"), and otherwise talks in words no
//     concept's text holds, describing no concept and asking for no relation type but what kind a thing is
//     ("what kind of container keeps soup fresh in the fridge", "컨테이너 선박 운임"): the word's everyday meaning;
//   - it names one concept only, and every time right after a word no concept's text holds ("a Redis cluster",
//     "Jupyter kernels", "레디스 클러스터"), and asks for no relation type that concept has and describes
//     none of the graph's concepts: the name is that other thing's;
//   - it asks how many or how much and nothing else ("how much does a seat cost", "몇 번까지 돼요"), of nothing
//     the graph lists kinds of: the graph's relations hold no numbers.
// A question asking what to learn is never one of them; one asking why or how two compare only the first and the
// fourth.
// Pure; reads the question's terms and the index's term list and degrees.
import { hasHangul, koreanAdverbs, normalizeTerm } from '../language/index.js';
import { otherSenses } from '../language/senses.js';
import type { RetrievalIndex } from './graph-index.js';
import type { ConceptHit } from './matching.js';
import type { Question } from './question.js';
import { retrievalWeights } from './weights.js';

interface Named {
  hits: ConceptHit[];
  excluded: ReadonlySet<number>;
}

/**
 * `described` is what described.ts read of the question: the concepts found, and the content terms outside the
 * names it uses and the words asking for a type. `stated`: the types its content words ask for.
 */
export function elsewhere(
  index: RetrievalIndex,
  question: Question,
  named: Named,
  described: { hits: readonly ConceptHit[]; freeTerms: readonly string[] },
  stated: ReadonlySet<string>,
): boolean {
  if (question.learningOrder) return false;
  // Every name it uses is a word another field shares, beside a word only that field uses ("a 40ft shipping
  // container", "merge Photoshop layers", "the node.js event loop"): those names are the other field's.
  if (named.hits.length > 0 && named.hits.every((hit) => inOtherSense(question, hit))) return true;
  const concepts = new Set(named.hits.map((hit) => hit.concept));
  // Asking for a relation type a named concept has, or describing one of the graph's concepts, is asking about
  // the graph. ("What kind of container…" asks nothing of it by "kind"; "making popcorn kernels" asks nothing
  // by "making": no kernel creates anything.)
  const { kindType } = retrievalWeights.comparison;
  const asksOfGraph =
    [...stated].some((type) => type !== kindType && named.hits.some((hit) => index.degree.types[hit.concept]?.has(type))) ||
    described.hits.some((hit) => hit.how === 'described');
  // The one concept named is another thing's ("a Redis cluster"); not when the question asks of the graph:
  // "my flask container can't reach the mysql one, what network do they share?".
  if (concepts.size === 1 && !asksOfGraph && named.hits.every((hit) => foreignModifier(index, question, hit))) return true;
  // Asking why or how two things compare is asking about the concepts, whatever else is said.
  if (question.why || question.comparison) return false;
  // A count or an amount is a number, and no relation holds one; but how many of a class the graph lists
  // the kinds of ("how many network drivers are there?") is answered by the list.
  if (question.quantity && !named.hits.some((hit) => (index.degree.kinds[hit.concept] ?? 0) > 0)) return true;
  const known = described.freeTerms.filter((term) => index.terms.has(term)).length;
  const unknown = described.freeTerms.length - known;
  const { genericName, minUnknown, unknownPerKnown, minWords, maxKnownShare } = retrievalWeights.scope;
  if (named.hits.length === 0 && named.excluded.size === 0)
    return known + unknown >= minWords && known <= maxKnownShare * (known + unknown);
  if (concepts.size !== 1 || named.hits.some((hit) => hit.weight >= genericName) || asksOfGraph) return false;
  return unknown >= minUnknown && unknown >= unknownPerKnown * known;
}

/** The word right before a name: in no concept's text, not a function word, no digit; Latin of three letters or more and no past form, or a bare Hangul noun. */
function foreignModifier(index: RetrievalIndex, question: Question, hit: ConceptHit): boolean {
  const at = question.offsets.indexOf(hit.start ?? -1);
  const before = at > 0 ? question.tokens[at - 1] : undefined;
  if (before === undefined || before.stop || determiners.has(before.word) || /\d/.test(before.word) || index.terms.has(before.stem))
    return false;
  // A past form is a verb's, not a thing's name ("someone mentioned crun", "I installed containerd").
  if (before.script === 'latin') return before.stem.length >= 3 && !before.word.endsWith('ed');
  // A bare Hangul noun ("레디스 클러스터", "자바 가상 머신"): no particle, and not a verb form, which modifies with
  // a final ㄴ or ㄹ ("걸린", "쓸") or ends in a connective ("되는데", "해놓고").
  if (before.script !== 'hangul' || before.word !== before.stem || before.word.length < 2 || koreanAdverbs.has(before.word)) return false;
  const finalConsonant = (before.word.charCodeAt(before.word.length - 1) - hangulBase) % 28;
  return finalConsonant !== finalNieun && finalConsonant !== finalRieul && !verbEnding.test(before.word);
}

/** The other senses' markers of each shared word (folded as names are), Latin ones as one whole-word pattern. */
const markersByWord = new Map<string, { latin: RegExp | undefined; hangul: string[] }>();
for (const { words, markers } of otherSenses) {
  const latin = markers.filter((marker) => !hasHangul(marker)).map((marker) => marker.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&'));
  const entry = {
    latin: latin.length > 0 ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${latin.join('|')})(?![\\p{L}\\p{N}])`, 'u') : undefined,
    hangul: markers.filter(hasHangul),
  };
  for (const word of words) markersByWord.set(normalizeTerm(word), entry);
}

/** Whether the name found is a word another field shares, and the question holds a word of that other sense. */
function inOtherSense(question: Question, hit: ConceptHit): boolean {
  const markers = markersByWord.get(hit.folded);
  if (!markers) return false;
  return (
    markers.latin?.test(question.text) === true ||
    markers.hangul.some((marker) => question.tokens.some((token) => token.script !== 'latin' && token.word.includes(marker)))
  );
}

/** Words that count or pick out things of the name's own kind ("how many runtimes", "several images"). */
const determiners = new Set(['many', 'much', 'few', 'fewer', 'several', 'every', 'another', 'same', 'own']);
const hangulBase = 0xac00;
const finalNieun = 4;
const finalRieul = 8;
const verbEnding = /[고서면데지게며니요다야죠네]$/u;
