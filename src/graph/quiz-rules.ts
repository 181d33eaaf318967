// The rules of a fair quiz, over plain facts: which concepts may stand as wrong choices, which facts may be
// asked as true/false, and how one question per fact is built and phrased. No database here; quiz.ts loads
// the neighbourhood these rules need.
import { z } from 'zod';
import { must } from '../must.js';
import type { Catalogue, RelationType } from './catalogue.js';
import { Bilingual, Citation, ConceptRef, type Relation } from './model.js';
import { koreanWhichQuestion, render } from './sentences.js';

// ---- Reply shapes ----------------------------------------------------------------------------------

const explanation = z.object({ sentence: Bilingual, relationId: z.string(), citations: z.array(Citation) });

export const MultipleChoiceQuestion = z.object({
  id: z.string(),
  kind: z.literal('multiple-choice'),
  prompt: Bilingual,
  choices: z.array(ConceptRef),
  answer: z.object({ conceptId: z.string() }),
  explanation,
});
export const TrueFalseQuestion = z.object({
  id: z.string(),
  kind: z.literal('true-false'),
  prompt: Bilingual,
  statement: Bilingual,
  claim: z.object({ subject: z.string(), type: z.string(), object: z.string() }).describe('The statement as a triple of concept ids'),
  answer: z.object({ value: z.boolean() }),
  explanation,
});
export const FillInTheBlankQuestion = z.object({
  id: z.string(),
  kind: z.literal('fill-in-the-blank'),
  prompt: Bilingual,
  answer: z.object({
    conceptId: z.string(),
    text: Bilingual,
    accepted: z.object({ en: z.array(z.string()), ko: z.array(z.string()) }).describe('Names and aliases of every correct answer'),
    alsoCorrect: z.array(z.string()).describe('Other concept ids that make the sentence true'),
  }),
  explanation,
});

/**
 * Each variant is a named component and the union carries an OpenAPI `discriminator` on `kind`, so client
 * generators make one model per variant and pick it by its tag (inline variants gave anonymous, clashing models).
 */
const questionVariants = {
  'multiple-choice': { schema: MultipleChoiceQuestion, id: 'MultipleChoiceQuestion' },
  'true-false': { schema: TrueFalseQuestion, id: 'TrueFalseQuestion' },
  'fill-in-the-blank': { schema: FillInTheBlankQuestion, id: 'FillInTheBlankQuestion' },
} as const;
for (const { schema, id } of Object.values(questionVariants)) z.globalRegistry.add(schema, { id });

export const QuizQuestion = z.discriminatedUnion('kind', [MultipleChoiceQuestion, TrueFalseQuestion, FillInTheBlankQuestion]);
z.globalRegistry.add(QuizQuestion, {
  id: 'QuizQuestion',
  description: 'One question; `kind` says which of the three shapes it has',
  discriminator: {
    propertyName: 'kind',
    mapping: Object.fromEntries(Object.entries(questionVariants).map(([kind, { id }]) => [kind, `#/components/schemas/${id}`])),
  },
});
export type QuizQuestion = z.infer<typeof QuizQuestion>;

export const Quiz = z.object({
  seed: z.string().describe('Pass it back as `seed` to get the same quiz'),
  concept: ConceptRef.nullable(),
  requested: z.number().int().describe('The `count` asked for'),
  available: z
    .number()
    .int()
    .describe('How many different questions the facts read allow; when fewer than `requested`, the quiz has only these'),
  questions: z.array(QuizQuestion),
});
export type Quiz = z.infer<typeof Quiz>;

export type QuestionKind = QuizQuestion['kind'];
const kinds: QuestionKind[] = ['multiple-choice', 'true-false', 'fill-in-the-blank'];

/** Tuning of question building, in one place. */
export const quizTuning = {
  /** Wrong choices offered beside the right one. */
  wrongChoices: 3,
  /** Fewest wrong choices that still make a multiple-choice question. */
  minWrongChoices: 2,
  /** Steps followed up or down IS_A / PART_OF when deciding what is related to what. */
  hierarchyDepth: 4,
  /** Only facts stated this surely become true/false questions (a 0.8 fact is not certain enough to grade). */
  trueFalseConfidence: 1,
} as const;

// ---- Facts --------------------------------------------------------------------------------------------

export type Fact = { subject: string; type: string; object: string };
export type QuizConcept = {
  id: string;
  name: { en: string; ko: string };
  aliases: { en: string[]; ko: string[] };
  category: string;
};

/** The kind-of and part-of types: the catalogue's hierarchy type (IS_A) and PART_OF. */
export function hierarchyTypes(catalogue: Catalogue): Set<string> {
  return new Set(catalogue.relationTypes.filter((t) => t.hierarchy || t.key === 'PART_OF').map((t) => t.key));
}

/** What the graph says around the question, to tell a clearly wrong choice from a debatable one. */
function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export class FactBase {
  private readonly out = new Map<string, Fact[]>();
  private readonly in = new Map<string, Fact[]>();
  private readonly symmetric: Set<string>;
  /** Every fact as `subject|type|object`, so whether one is stated costs one lookup, hub or not. */
  private readonly stated = new Set<string>();

  constructor(
    private readonly hierarchy: Set<string>,
    symmetricTypes: Iterable<string>,
  ) {
    this.symmetric = new Set(symmetricTypes);
  }

  /**
   * Takes in the facts, a step per thousand (a quiz around a hub reads over ten thousand: run in slices).
   * Asking before every step has run sees only the facts taken in so far.
   */
  *add(facts: Fact[]): Generator<void, FactBase> {
    for (let i = 0; i < facts.length; i++) {
      const fact = facts[i] as Fact;
      const key = `${fact.subject}|${fact.type}|${fact.object}`;
      if (!this.stated.has(key)) {
        this.stated.add(key);
        // Appended in place: copying the list per fact made a hub concept's facts quadratic to read in.
        appendTo(this.out, fact.subject, fact);
        appendTo(this.in, fact.object, fact);
      }
      if (i % 1000 === 999) yield;
    }
    return this;
  }

  /** Whether the graph states "subject TYPE object" (either way round for a symmetric type). */
  states(subject: string, type: string, object: string): boolean {
    return this.stated.has(`${subject}|${type}|${object}`) || (this.symmetric.has(type) && this.stated.has(`${object}|${type}|${subject}`));
  }

  // The facts never change once taken in, so walks, families, neighbours and reaches are worked out once per
  // concept: the rules ask for the same ones for every candidate of every question, and a hub (thousands of
  // facts) made each repeat cost as much as the first.
  private readonly answers = new Map<string, ReadonlySet<string>>();

  private once(key: string, work: () => ReadonlySet<string>): ReadonlySet<string> {
    let answer = this.answers.get(key);
    if (!answer) {
      answer = work();
      this.answers.set(key, answer);
    }
    return answer;
  }

  /** Everything above `id` (its kinds and wholes) or below it (its instances and parts), transitively. */
  private walk(id: string, direction: 'up' | 'down'): ReadonlySet<string> {
    return this.once(`walk|${direction}|${id}`, () => {
      const reached = new Set<string>();
      let frontier = [id];
      for (let step = 0; step < quizTuning.hierarchyDepth && frontier.length > 0; step++) {
        const next: string[] = [];
        for (const node of frontier) {
          const edges = direction === 'up' ? (this.out.get(node) ?? []) : (this.in.get(node) ?? []);
          for (const edge of edges) {
            const other = direction === 'up' ? edge.object : edge.subject;
            if (this.hierarchy.has(edge.type) && other !== id && !reached.has(other)) {
              reached.add(other);
              next.push(other);
            }
          }
        }
        frontier = next;
      }
      return reached;
    });
  }

  /** `id` with everything above it and everything below it along IS_A / PART_OF (not sideways: siblings stay apart). */
  family(id: string): ReadonlySet<string> {
    return this.once(`family|${id}`, () => new Set([id, ...this.walk(id, 'up'), ...this.walk(id, 'down')]));
  }

  /** Every concept any fact links to `id`, either way, by any type. */
  neighbours(id: string): ReadonlySet<string> {
    return this.once(
      `neighbours|${id}`,
      () => new Set([...(this.out.get(id) ?? []).map((f) => f.object), ...(this.in.get(id) ?? []).map((f) => f.subject)]),
    );
  }

  /** What `id` reaches along TYPE in one or two steps: containerd uses runc, which uses cgroups. */
  private reach(id: string, type: string): ReadonlySet<string> {
    return this.once(`reach|${type}|${id}`, () => {
      const step = (from: string) => (this.out.get(from) ?? []).filter((f) => f.type === type).map((f) => f.object);
      const first = step(id);
      return new Set([...first, ...first.flatMap(step)]);
    });
  }

  /**
   * Whether "from TYPE to" holds, in one or two steps of TYPE, for something in from's family and something in
   * to's: the Docker CLI is a kind of client and the client sends requests to the daemon, so the CLI plausibly
   * does too; runc, a low-level runtime, uses namespaces, so "a low-level runtime uses namespaces" is not
   * clearly false; containerd uses runc, which uses cgroups, so containerd is no wrong answer to "uses cgroups".
   */
  holdsInFamily(from: string, type: string, to: string): boolean {
    const targets = this.family(to);
    for (const member of this.family(from)) {
      for (const reached of this.reach(member, type)) if (targets.has(reached)) return true;
    }
    return false;
  }

  /**
   * Whether `candidate` is clearly wrong in place of `answer` in "fixed TYPE ____" (slot o) or "____ TYPE
   * fixed" (slot s): not the answer's kind or part or whole (IS_A / PART_OF either way, transitively), not in
   * the fixed concept's family, not linked by any fact to the fixed concept or its kinds and parts (what the
   * question's facts make plausible), and the fact does not hold for it or its family.
   */
  isClearlyWrong(question: { fixed: string; type: string; slot: 's' | 'o'; answer: string }, candidate: string): boolean {
    const { fixed, type, slot, answer } = question;
    if (candidate === answer || candidate === fixed) return false;
    if (this.family(answer).has(candidate) || this.family(fixed).has(candidate)) return false;
    for (const member of [fixed, ...this.walk(fixed, 'down')]) if (this.neighbours(member).has(candidate)) return false;
    const holds = slot === 'o' ? this.holdsInFamily(fixed, type, candidate) : this.holdsInFamily(candidate, type, fixed);
    if (holds) return false;
    if (this.symmetric.has(type) && (this.holdsInFamily(fixed, type, candidate) || this.holdsInFamily(candidate, type, fixed)))
      return false;
    return true;
  }

  /** Every concept among `candidates` that makes "subject TYPE ____" true, family included. */
  objectsOf(subject: string, type: string, candidates: Iterable<string>): string[] {
    // From the subject's own facts, not by asking about every candidate: a quiz around a hub names thousands.
    const objects = new Set((this.out.get(subject) ?? []).filter((f) => f.type === type).map((f) => f.object));
    if (this.symmetric.has(type)) for (const f of this.in.get(subject) ?? []) if (f.type === type) objects.add(f.subject);
    return [...candidates].filter((id) => objects.has(id));
  }
}

// ---- Randomness ---------------------------------------------------------------------------------------

/** mulberry32 seeded from a 32-bit hash of the seed text: small, fast and the same everywhere. */
export function randomFrom(seed: string): () => number {
  let state = 2166136261;
  for (const char of seed) state = Math.imul(state ^ (char.codePointAt(0) ?? 0), 16777619) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = swap;
  }
  return copy;
}

// ---- Phrasing -----------------------------------------------------------------------------------------

const blank = { en: '____', ko: '(    )' };

/** A template with one slot left blank; a Korean particle pair after the blank stays as "은(는)". */
export function renderWithBlank(template: string, blankSlot: 's' | 'o', other: string, language: 'en' | 'ko'): string {
  const marker = '\u0000';
  const withMarker = template.replace(`{${blankSlot}}`, marker);
  const rendered = blankSlot === 's' ? render(withMarker, '', other) : render(withMarker, other, '');
  return rendered.replace(marker, blank[language]);
}

/** "Which of these implements CRI?" from "{s} implements {o}": the template without its leading slot. */
export function whichOfThese(template: string, askSlot: 's' | 'o', other: string): string {
  // A placeholder at the start of `rest` would count as the sentence's opening name; the marker keeps it inside.
  const rest = `\u0000${template.slice(`{${askSlot}} `.length)}`;
  const rendered = askSlot === 's' ? render(rest, '', other) : render(rest, other, '');
  return `Which of these ${rendered.slice(1)}?`;
}

/** The multiple-choice prompt in both languages; Korean as a natural question ("다음 중 CRI를 구현하는 것은?"). */
export function multipleChoicePrompt(type: RelationType, slot: 's' | 'o', other: { en: string; ko: string }) {
  const template = slot === 's' ? type.forward : type.inverse;
  return {
    en: whichOfThese(template.en, slot, other.en),
    ko:
      koreanWhichQuestion(template.ko, slot, other.ko) ??
      `다음 중 빈칸에 들어갈 것으로 알맞은 것은? ${renderWithBlank(template.ko, slot, other.ko, 'ko')}`,
  };
}

// ---- Building -----------------------------------------------------------------------------------------

export type QuizInput = {
  catalogue: Catalogue;
  /** The facts to ask about, with their sentences and citations. */
  pool: Relation[];
  /** What the graph says around them: enough to judge every candidate below. */
  facts: FactBase;
  concepts: ReadonlyMap<string, QuizConcept>;
  /** Wrong-choice candidates for a concept as the answer: its kind first, then its category, then others. */
  candidates: (answer: string) => { kin: string[]; peers: string[]; others: string[] };
  count: number;
  seed: string;
};

export type BuiltQuiz = { questions: QuizQuestion[]; available: number };

/**
 * One question per fact at most, never two with the same prompt; kinds taken in turn. Every fact that can
 * be asked is built, so `available` says how many the quiz could have had. One question attempt per step
 * (each judges up to a few dozen wrong-choice candidates): at 10k concepts the whole takes several
 * milliseconds, which a request runs in slices (`runInSlices`).
 */
export function* buildQuizSteps(input: QuizInput): Generator<void, BuiltQuiz> {
  const { catalogue, facts, concepts } = input;
  const random = randomFrom(input.seed);
  const concept = (id: string) => must(concepts.get(id), `concept ${id}`);
  const named = (id: string) => ({ id, name: concept(id).name });
  const explanationOf = (relation: Relation) => ({ sentence: relation.sentence, relationId: relation.id, citations: relation.sources });

  /** Up to `count` clearly wrong choices, the answer's kind and category first, shuffled within each. */
  const wrongChoices = (relation: Relation, slot: 's' | 'o', count: number): string[] => {
    const answer = slot === 's' ? relation.subject.id : relation.object.id;
    const fixed = slot === 's' ? relation.object.id : relation.subject.id;
    const question = { fixed, type: relation.type, slot, answer };
    const { kin, peers, others } = input.candidates(answer);
    const chosen: string[] = [];
    for (const group of [kin, peers, others]) {
      for (const id of shuffle(group, random)) {
        if (chosen.length >= count) return chosen;
        if (!chosen.includes(id) && concepts.has(id) && facts.isClearlyWrong(question, id)) chosen.push(id);
      }
    }
    return chosen;
  };

  const build: Record<QuestionKind, (relation: Relation, type: RelationType) => { question: QuizQuestion; key: string } | undefined> = {
    'multiple-choice': (relation, type) => {
      const slot: 's' | 'o' = random() < 0.5 ? 's' : 'o';
      const answer = slot === 's' ? relation.subject : relation.object;
      const other = slot === 's' ? relation.object : relation.subject;
      const wrong = wrongChoices(relation, slot, quizTuning.wrongChoices);
      if (wrong.length < quizTuning.minWrongChoices) return undefined;
      return {
        key: `ask|${relation.type}|${slot}|${other.id}`,
        question: {
          id: `mc:${relation.id}:${slot}`,
          kind: 'multiple-choice',
          prompt: multipleChoicePrompt(type, slot, other.name),
          choices: shuffle([named(answer.id), ...wrong.map(named)], random),
          answer: { conceptId: answer.id },
          explanation: explanationOf(relation),
        },
      };
    },
    'true-false': (relation, type) => {
      if (relation.confidence < quizTuning.trueFalseConfidence) return undefined;
      const truthful = random() < 0.5;
      const objectId = truthful ? relation.object.id : wrongChoices(relation, 'o', 1)[0];
      if (!objectId) return undefined;
      const subject = concept(relation.subject.id);
      const object = concept(objectId);
      const statement = {
        en: render(type.forward.en, subject.name.en, object.name.en),
        ko: render(type.forward.ko, subject.name.ko, object.name.ko),
      };
      return {
        key: `claim|${relation.subject.id}|${relation.type}|${objectId}`,
        question: {
          id: `tf:${relation.id}:${truthful ? 'true' : objectId}`,
          kind: 'true-false',
          prompt: { en: `True or false: ${statement.en}.`, ko: `참일까요, 거짓일까요? ${statement.ko}.` },
          statement,
          claim: { subject: relation.subject.id, type: relation.type, object: objectId },
          answer: { value: truthful },
          explanation: explanationOf(relation),
        },
      };
    },
    'fill-in-the-blank': (relation, type) => {
      const answer = concept(relation.object.id);
      // Every concept the blank could truly hold is accepted: "Container shares ____" has two answers.
      const others = facts
        .objectsOf(relation.subject.id, relation.type, concepts.keys())
        .filter((id) => id !== answer.id)
        .map(concept);
      return {
        key: `ask|${relation.type}|o|${relation.subject.id}`,
        question: {
          id: `fill:${relation.id}`,
          kind: 'fill-in-the-blank',
          prompt: {
            en: `Fill in the blank: ${renderWithBlank(type.forward.en, 'o', relation.subject.name.en, 'en')}.`,
            ko: `빈칸을 채우세요: ${renderWithBlank(type.forward.ko, 'o', relation.subject.name.ko, 'ko')}.`,
          },
          answer: {
            conceptId: answer.id,
            text: answer.name,
            accepted: {
              en: [answer, ...others].flatMap((c) => [c.name.en, ...c.aliases.en]),
              ko: [answer, ...others].flatMap((c) => [c.name.ko, ...c.aliases.ko]),
            },
            alsoCorrect: others.map((c) => c.id),
          },
          explanation: explanationOf(relation),
        },
      };
    },
  };

  // Kinds in turn; each question from a fact not used before, never repeating a prompt.
  const questions: QuizQuestion[] = [];
  const usedKeys = new Set<string>();
  const queue = shuffle(
    input.pool.filter((r) => concepts.has(r.subject.id) && concepts.has(r.object.id)),
    random,
  );
  const kindOrder = shuffle(kinds, random);
  let cursor = 0;
  while (queue.length > 0 && kindOrder.length > 0) {
    const kind = must(kindOrder[cursor++ % kindOrder.length], 'question kind');
    let built: { question: QuizQuestion; key: string } | undefined;
    const index = queue.findIndex((relation) => {
      built = build[kind](relation, must(catalogue.relationType(relation.type), 'relation type'));
      // Two facts can read alike ("Which of these is part of X?"): the prompt itself is a key too.
      return built !== undefined && !usedKeys.has(built.key) && !usedKeys.has(`prompt|${built.question.prompt.en}`);
    });
    if (index === -1 || !built) {
      kindOrder.splice(kindOrder.indexOf(kind), 1);
      yield;
      continue;
    }
    queue.splice(index, 1);
    usedKeys.add(built.key).add(`prompt|${built.question.prompt.en}`);
    questions.push(built.question);
    yield;
  }
  return { questions: questions.slice(0, input.count), available: questions.length };
}
