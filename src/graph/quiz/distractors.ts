// Which concepts may stand beside the right answer as wrong choices: the rule in one place (`distractorRule`),
// the table of relation types that overlap, and the order candidates are tried in. No database here; the
// loader brings each end's kin and neighbours (quiz.ts), the fact base says what the graph states around them.
import type { Fact, FactBase, QuizConcept } from './fact-base.js';

/**
 * Relation types whose facts can make one another true, in groups: what manages a thing also uses it and may
 * create it or send it requests; what is built from a thing packages or contains it; what limits a process
 * also isolates it. Two types overlap when one group holds both. A type in no group (one added to the
 * catalogue later) overlaps every type until it is placed here. `distinct` types overlap only themselves: a
 * contrast, a strength or a weakness never makes another relation true, so a concept linked to the subject only
 * by one of them is a fair, and plausible, wrong choice.
 */
export const typeOverlaps = {
  groups: [
    [
      'MANAGES',
      'CREATES',
      'USES',
      'PROVIDES',
      'PART_OF',
      'IS_A',
      'SENDS_REQUESTS_TO',
      'COMMUNICATES_VIA',
      'IMPLEMENTS',
      'RUNS_ON',
      'SHARES',
      'REPLACED',
      'REQUIRES',
    ],
    ['BUILT_FROM', 'PACKAGES', 'INSTANCE_OF', 'CREATES', 'PART_OF', 'IS_A', 'DEFINES', 'IDENTIFIES', 'USES'],
    ['LIMITS', 'ISOLATES', 'ABSTRACTS', 'PROVIDES', 'USES', 'SHARES'],
  ],
  distinct: ['CONTRASTS_WITH', 'HAS_STRENGTH', 'HAS_WEAKNESS'],
} as const;

const placed = new Set<string>([...typeOverlaps.groups.flat(), ...typeOverlaps.distinct]);

/** Whether a fact of type `other` can make a fact of type `asked` true (see `typeOverlaps`). */
export function typesOverlap(asked: string, other: string): boolean {
  if (asked === other) return true;
  const distinct: readonly string[] = typeOverlaps.distinct;
  if (distinct.includes(asked) || distinct.includes(other)) return false;
  if (!placed.has(asked) || !placed.has(other)) return true;
  return typeOverlaps.groups.some((group: readonly string[]) => group.includes(asked) && group.includes(other));
}

/** What the rule reads: the facts, and every concept's category, names and aliases. */
export type DistractorFacts = { facts: FactBase; concepts: ReadonlyMap<string, QuizConcept> };

/** "fixed TYPE ____" (slot o) or "____ TYPE fixed" (slot s), whose right answer is `answer`. */
export type AskedFact = { fixed: string; type: string; slot: 's' | 'o'; answer: string };

/**
 * Of one kind: the same category, or a direct IS_A / PART_OF parent in common (two kinds of one runtime, two
 * parts of one whole). The one meaning of "kind" the rule uses, for the answer's kind and the subject's.
 */
export function sameKind({ facts, concepts }: DistractorFacts, a: string, b: string): boolean {
  if (a === b) return true;
  const category = concepts.get(a)?.category;
  if (category && category === concepts.get(b)?.category) return true;
  const parents = facts.parents(b);
  for (const parent of facts.parents(a)) if (parents.has(parent)) return true;
  return false;
}

/** Every name and alias of a concept, in both languages, folded: two concepts sharing one are one thing twice. */
function namesOf(concept: QuizConcept | undefined): Set<string> {
  if (!concept) return new Set();
  const all = [concept.name.en, concept.name.ko, ...concept.aliases.en, ...concept.aliases.ko];
  return new Set(all.map((name) => name.trim().toLowerCase()).filter((name) => name !== ''));
}

/**
 * Whether `candidate`'s own facts say it does what the question asks, or something overlapping it
 * (`typeOverlaps`), with something of the fixed concept's kind, in its family or linked to it: Docker Swarm
 * manages a swarm, a cluster of machines, so "Swarm manages cluster" is arguably true even where the graph links
 * Swarm to no cluster; CRI-O manages runc, a runtime as Kata Containers is, so "CRI-O sends requests to Kata
 * Containers" is arguably true too. Its kinds and wholes are not things it does.
 */
function doesItWithKindOf(graph: DistractorFacts, { fixed, type, slot }: AskedFact, candidate: string): boolean {
  const { facts } = graph;
  const family = facts.family(fixed);
  const neighbours = facts.neighbours(fixed);
  const own = facts.family(candidate);
  return otherEnds(facts, candidate, type, slot, (f) => typesOverlap(type, f.type))
    .filter((other) => !own.has(other))
    .some((other) => family.has(other) || neighbours.has(other) || sameKind(graph, other, fixed));
}

/**
 * The far ends of `candidate`'s own facts that `keep` accepts, taken the way round the question would put it:
 * as subject for slot s, as object for slot o, and both ways for a symmetric type.
 */
export function otherEnds(facts: FactBase, candidate: string, type: string, slot: 's' | 'o', keep: (fact: Fact) => boolean): string[] {
  const symmetric = facts.isSymmetric(type);
  return [
    ...(slot === 's' || symmetric
      ? facts
          .factsOf(candidate, 'out')
          .filter(keep)
          .map((f) => f.object)
      : []),
    ...(slot === 'o' || symmetric
      ? facts
          .factsOf(candidate, 'in')
          .filter(keep)
          .map((f) => f.subject)
      : []),
  ];
}

/**
 * The distractor rule. A wrong choice C beside the answer X of "F T ____" or "____ T F" (F the question's fixed
 * concept, T its relation type) must be
 *  (a) of X's kind: the same category as X, or sharing a direct IS_A / PART_OF parent with X (`sameKind`);
 *  (b) plausible: near in the graph, that is a neighbour of F or of X, or X's kin (the loader reads no other
 *      candidates), the most tempting tried first (`distractorCandidates` in plausibility.ts);
 *  (c) never plausibly true: not X or F, nor in either's family (IS_A / PART_OF either way, transitively); not
 *      linked to F, or to F's parts and instances, by T or by a type overlapping T (`typeOverlaps`); T does not
 *      hold from C's family to F's family in one or two steps (containerd uses runc, which uses cgroups); C
 *      shares no name or alias with X; and C's own facts do not say it does T with something of F's kind or
 *      family (Docker Swarm managing a swarm is no wrong answer to "Which of these manages cluster?"); and, asked
 *      for a part of F, C is no part of something F has a fact with (`partOfSomethingTiedTo`); asked who talks
 *      to whom, C and F are not parts of one whole (`partsOfOneWhole`).
 * Where fewer than `quizTuning.minWrongChoices` candidates meet it, the question is not asked: no implausible
 * fallback.
 */
export function distractorRule(graph: DistractorFacts, question: AskedFact, candidate: string): boolean {
  const { facts, concepts } = graph;
  const { fixed, type, slot, answer } = question;
  if (candidate === answer || candidate === fixed || !concepts.has(candidate)) return false;
  // (a) of the answer's kind
  if (!sameKind(graph, candidate, answer)) return false;
  // (c) never plausibly true
  if (facts.family(answer).has(candidate) || facts.family(fixed).has(candidate)) return false;
  for (const member of [fixed, ...facts.below(fixed)]) {
    if (facts.typesBetween(member, candidate).some((linked) => typesOverlap(type, linked))) return false;
  }
  const holds = (from: string, to: string) => facts.holdsInFamily(from, type, to);
  if (slot === 'o' ? holds(fixed, candidate) : holds(candidate, fixed)) return false;
  if (facts.isSymmetric(type) && (holds(fixed, candidate) || holds(candidate, fixed))) return false;
  const answerNames = namesOf(concepts.get(answer));
  for (const name of namesOf(concepts.get(candidate))) if (answerNames.has(name)) return false;
  if (doesItWithKindOf(graph, question, candidate)) return false;
  if (type === 'PART_OF' && slot === 's' && partOfSomethingTiedTo(facts, fixed, candidate)) return false;
  if (talkingTypes.includes(type) && partsOfOneWhole(facts, fixed, candidate)) return false;
  return true;
}

/** Types that say who talks to whom: parts of one whole talk to one another in ways the graph seldom lists. */
const talkingTypes: readonly string[] = ['SENDS_REQUESTS_TO', 'COMMUNICATES_VIA'];

/** The wholes `id` is directly a part of. */
const wholesOf = (facts: FactBase, id: string) => facts.factsOf(id, 'out').flatMap((f) => (f.type === 'PART_OF' ? [f.object] : []));

/**
 * Whether two concepts are parts of one whole: the Docker daemon and BuildKit are both parts of the Docker
 * Engine, and the daemon hands builds to the BuildKit inside it, though the graph says only that `docker build`
 * reaches BuildKit.
 */
function partsOfOneWhole(facts: FactBase, a: string, b: string): boolean {
  const wholes = new Set(wholesOf(facts, a));
  return wholesOf(facts, b).some((whole) => wholes.has(whole));
}

/**
 * Asked "Which of these is part of W?", a part of something linked to W may be part of W too, though the graph
 * says so of neither: image layers are part of an image, and so of the container filesystem built from it; the
 * writable layer is part of a container, and so of the union view the container sees.
 */
function partOfSomethingTiedTo(facts: FactBase, whole: string, candidate: string): boolean {
  const near = facts.neighbours(whole);
  return wholesOf(facts, candidate).some((other) => near.has(other));
}

/**
 * Questions whose wrong choices the graph cannot vouch for: a broad relation (uses, runs on), one many
 * mechanisms share (provides, creates, isolates, limits), a strength or a weakness many things have (a virtual
 * machine's I/O drawback is its hypervisor's, and WSL 2's too), or a part asked for its whole ("Which of these
 * includes cgroups?") holds of many things the graph never links, so its silence is no
 * evidence that a choice is wrong. Blind reviews of sampled questions found a third to two thirds of the
 * choices offered for these true or arguable (bench/README.md).
 *
 * Two more spread in ways no rule here can follow and still leave a choice worth offering:
 *  - MANAGES: a thing has a stack of managers, each at its own level (the CLI asks the daemon, which asks
 *    containerd, which starts a shim, which runs runc), and a manager handles more than the graph names: the
 *    other kinds of what it manages (containerd runs crun as it runs runc), the whole it belongs to (a storage
 *    driver that manages image layers manages images, base images included), what sits beside it (the daemon
 *    that manages volumes mounts bind mounts too). Ruling all of those out, as a fair wrong choice needs,
 *    leaves no candidate near enough to be tempting for any managing fact of the seed.
 *  - CONTRASTS_WITH: "contrasts with" says how people compare things, as alternatives or as complementary
 *    approaches; another kind of the same thing (bridge and overlay networks), whatever does the same job
 *    (AppArmor and Linux capabilities both limit a container), and whatever either side rests on (a virtual
 *    machine's hypervisor, for "contrasts with Docker") are each a fair reading. Ruling those out leaves only
 *    choices a learner dismisses at a glance (the OOM killer beside AppArmor for "contrasts with SELinux").
 *
 * Two more are open one way round only (`oneWay`, the slot asked for): the whole a part belongs to ("Which of
 * these includes cgroups?": a part can sit in several wholes), and the clients of a server ("Which of these
 * sends requests to the registry?": the graph names a component's own requests, not everyone who calls it;
 * containerd and CRI-O both pull from a registry themselves).
 *
 * Their facts are still asked, where every true answer counts: fill in the blank, or a true statement.
 */
export const openWorldQuestions: { types: readonly string[]; oneWay: Readonly<Record<string, 's' | 'o'>> } = {
  types: ['USES', 'RUNS_ON', 'PROVIDES', 'CREATES', 'ISOLATES', 'LIMITS', 'HAS_STRENGTH', 'HAS_WEAKNESS', 'MANAGES', 'CONTRASTS_WITH'],
  oneWay: { PART_OF: 'o', SENDS_REQUESTS_TO: 's' },
};

/** Whether wrong choices may be offered for "F T ____" (slot o) or "____ T F" (slot s). */
export function wrongChoicesAllowed(type: string, slot: 's' | 'o'): boolean {
  return !openWorldQuestions.types.includes(type) && openWorldQuestions.oneWay[type] !== slot;
}

/** Candidates the loader read for one end: its kin (siblings under an IS_A / PART_OF parent) and its neighbours. */
export type EndCandidates = { kin: string[]; near: string[] };
