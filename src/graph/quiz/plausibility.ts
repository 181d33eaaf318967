// The order wrong-choice candidates are tried in: the most tempting first. The rule (distractors.ts) decides
// what may be offered; this decides which of those a learner is most likely to pick. No database here.
import { type AskedFact, type DistractorFacts, type EndCandidates, otherEnds } from './distractors.js';
import { shuffle } from './random.js';
import { quizTuning } from './tuning.js';

/** Types whose facts say what a concept is good or bad at, or what must be learnt first: no role it plays. */
const roleless = new Set(['HAS_STRENGTH', 'HAS_WEAKNESS', 'REQUIRES', 'IS_A', 'PART_OF']);

/** The roles a concept plays: each type it is the subject of (`TYPE>`) or the object of (`>TYPE`). */
function rolesOf({ facts }: DistractorFacts, id: string): Set<string> {
  return new Set([
    ...facts
      .factsOf(id, 'out')
      .filter((f) => !roleless.has(f.type))
      .map((f) => `${f.type}>`),
    ...facts
      .factsOf(id, 'in')
      .filter((f) => !roleless.has(f.type))
      .map((f) => `>${f.type}`),
  ]);
}

/**
 * How tempting a candidate is, higher first:
 *  - it does the asked thing, only with something else (the rule turns away anything doing it with F's kind or
 *    tied to F): a learner who knows it manages, creates or receives requests has a reason to pick it;
 *  - it plays a role the answer plays (both receive requests, both limit something): it looks like the answer;
 *  - it is a neighbour of F: the learner has met the two together;
 *  - it is in the answer's category, not merely a part of the same whole (the Docker Engine has a daemon, a
 *    storage driver and Swarm; only the first is of a daemon's kind to a learner);
 *  - a hub (linked to more concepts than `quizTuning.hubFacts`) loses a point: it is tied to so much that it is seldom
 *    clearly wrong, and it would stand beside every answer near it.
 */
function temptation(graph: DistractorFacts, question: AskedFact, candidate: string, answerRoles: ReadonlySet<string>): number {
  const { facts, concepts } = graph;
  const { fixed, type, slot, answer } = question;
  let score = otherEnds(facts, candidate, type, slot, (f) => f.type === type).length > 0 ? 2 : 0;
  for (const role of rolesOf(graph, candidate)) {
    if (answerRoles.has(role)) {
      score += 1;
      break;
    }
  }
  if (facts.neighbours(fixed).has(candidate)) score += 1;
  const category = concepts.get(answer)?.category;
  if (category && concepts.get(candidate)?.category === category) score += 1;
  if (facts.neighbours(candidate).size > quizTuning.hubFacts) score -= 1;
  return score;
}

/**
 * (b) the order candidates are tried in: every candidate the loader read near the question (neighbours of F,
 * X's kin, X's neighbours), each once, most tempting first (`temptation`); between equals, in that order of
 * where they were found, shuffled within each by the quiz's seed. Work per candidate is bounded by the facts
 * read around it.
 */
export function distractorCandidates(
  graph: DistractorFacts,
  candidatesOf: (id: string) => EndCandidates,
  question: AskedFact,
  random: () => number,
): string[] {
  const fixed = candidatesOf(question.fixed);
  const answer = candidatesOf(question.answer);
  const found = [...new Set([fixed.near, answer.kin, answer.near].flatMap((rank) => shuffle(rank, random)))];
  const answerRoles = rolesOf(graph, question.answer);
  const scores = new Map(found.map((id) => [id, temptation(graph, question, id, answerRoles)]));
  // A stable sort: equals keep the order they were found in.
  return found.sort((a, b) => (scores.get(b) ?? 0) - (scores.get(a) ?? 0));
}
