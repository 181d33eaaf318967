// Quizzes generated from relations: multiple choice, true/false and fill-in-the-blank, in both languages.
// Every distractor is checked against the graph to be a wrong answer, and kept clear of anything that could
// pass for right (neighbours of the question's other concept, broader or narrower kinds of the answer).
// The same seed gives the same quiz.
import { createHash } from 'node:crypto';
import { conceptNotFound } from '../errors.js';
import { must } from '../must.js';
import type { Catalogue, RelationType } from './catalogue.js';
import { conceptProjection, toConcept } from './concepts.js';
import { type GraphDatabase, valuesOf } from './database.js';
import type { Citation, Concept, Relation } from './model.js';
import { relationProjection, toRelations } from './relations.js';
import { render } from './sentences.js';

export type QuestionKind = 'multiple-choice' | 'true-false' | 'fill-in-the-blank';
const kinds: QuestionKind[] = ['multiple-choice', 'true-false', 'fill-in-the-blank'];

type Named = { id: string; name: { en: string; ko: string } };

export type QuizQuestion = {
  id: string;
  prompt: { en: string; ko: string };
  explanation: { sentence: { en: string; ko: string }; relationId: string; citations: Citation[] };
} & (
  | { kind: 'multiple-choice'; choices: Named[]; answer: { conceptId: string } }
  | {
      kind: 'true-false';
      statement: { en: string; ko: string };
      claim: { subject: string; type: string; object: string };
      answer: { value: boolean };
    }
  | {
      kind: 'fill-in-the-blank';
      answer: { conceptId: string; text: { en: string; ko: string }; accepted: { en: string[]; ko: string[] }; alsoCorrect: string[] };
    }
);

export interface QuizQuery {
  concept?: string | undefined;
  count: number;
  seed: string;
}

export interface Quiz {
  seed: string;
  concept: Named | null;
  questions: QuizQuestion[];
}

/** mulberry32 seeded from a hash of the seed text: small, fast and the same everywhere. */
function randomFrom(seed: string): () => number {
  let state = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = copy[i] as T;
    copy[i] = copy[j] as T;
    copy[j] = swap;
  }
  return copy;
}

const blank = { en: '____', ko: '(    )' };

/** Renders a template with one slot left blank; a Korean particle pair after the blank stays as "은(는)". */
function renderWithBlank(template: string, blankSlot: 's' | 'o', other: string, language: 'en' | 'ko'): string {
  const marker = '\u0000';
  const withMarker = template.replace(`{${blankSlot}}`, marker);
  const rendered = blankSlot === 's' ? render(withMarker, '', other) : render(withMarker, other, '');
  return rendered.replace(marker, blank[language]);
}

/** "Which of these implements CRI?" from "{s} implements {o}": the template without its leading slot. */
function whichOfThese(template: string, askSlot: 's' | 'o', other: string): string {
  const rest = template.slice(`{${askSlot}} `.length);
  return `Which of these ${askSlot === 's' ? render(rest, '', other) : render(rest, other, '')}?`;
}

/** Facts of the graph, to tell a right answer from a wrong one. */
class Truth {
  private readonly edges = new Map<string, Set<string>>();
  private readonly neighbours = new Map<string, Set<string>>();
  private readonly hierarchyTypes: string[];

  constructor(relations: Relation[], catalogue: Catalogue) {
    this.hierarchyTypes = catalogue.relationTypes.filter((t) => t.hierarchy).map((t) => t.key);
    for (const r of relations) {
      this.add(r.type, r.subject.id, r.object.id);
      if (catalogue.relationType(r.type)?.symmetric) this.add(r.type, r.object.id, r.subject.id);
      for (const [a, b] of [
        [r.subject.id, r.object.id],
        [r.object.id, r.subject.id],
      ] as const) {
        if (!this.neighbours.has(a)) this.neighbours.set(a, new Set());
        must(this.neighbours.get(a), 'get').add(b);
      }
    }
  }

  /**
   * Whether `candidate` could pass for a right answer: related to the fixed end of the question at all,
   * or a broader or narrower kind of the right answer ("high-level runtime" for containerd).
   */
  confusable(candidate: string, rightAnswer: string, fixedEnd: string): boolean {
    if (this.neighbours.get(fixedEnd)?.has(candidate)) return true;
    return this.hierarchyTypes.some((type) => this.holds(type, candidate, rightAnswer) || this.holds(type, rightAnswer, candidate));
  }

  private add(type: string, from: string, to: string): void {
    const key = `${type}|${from}`;
    if (!this.edges.has(key)) this.edges.set(key, new Set());
    must(this.edges.get(key), 'get').add(to);
  }

  /** `id` and every broader kind of it (up the hierarchy, three steps at most). */
  private kindsOf(id: string): Set<string> {
    const kinds = new Set([id]);
    let frontier = [id];
    for (let step = 0; step < 3 && frontier.length > 0; step++) {
      frontier = this.hierarchyTypes
        .flatMap((type) => frontier.flatMap((k) => [...(this.edges.get(`${type}|${k}`) ?? [])]))
        .filter((k) => !kinds.has(k));
      for (const k of frontier) kinds.add(k);
    }
    return kinds;
  }

  /**
   * Whether "from TYPE to" holds in the graph: directly, through a chain of the same type (three steps at
   * most), or by inheritance along the hierarchy: the Docker CLI is a kind of client and the client is part
   * of the engine, so the CLI is part of the engine; the daemon talks to containerd, a high-level runtime,
   * so it talks to a high-level runtime. Conservative on purpose: a distractor must be clearly wrong.
   */
  holds(type: string, from: string, to: string): boolean {
    let frontier = [...this.kindsOf(from)];
    const reached = new Set<string>();
    for (let step = 0; step < 3 && frontier.length > 0; step++) {
      frontier = frontier.flatMap((id) => [...(this.edges.get(`${type}|${id}`) ?? [])]).filter((id) => !reached.has(id));
      for (const id of frontier) reached.add(id);
    }
    return [...reached].some((id) => this.kindsOf(id).has(to));
  }

  /** Every concept that makes "from TYPE ____" true, for the accepted answers of a blank. */
  objectsOf(type: string, from: string, candidates: Iterable<string>): string[] {
    return [...candidates].filter((id) => this.holds(type, from, id));
  }
}

export async function generateQuiz(db: GraphDatabase, catalogue: Catalogue, query: QuizQuery): Promise<Quiz> {
  const random = randomFrom(query.seed);
  const descriptive = catalogue.resolveTypes(undefined, 'descriptive');
  const types = catalogue.typeExpression(descriptive);

  const [conceptRows, relationRows] = await db.readTransaction(async (tx) => {
    const concepts = await tx.run(`MATCH (c:Concept) WITH c ORDER BY c.id LIMIT 10000 RETURN ${conceptProjection} AS concept`);
    const relations = types
      ? await tx.run(
          `MATCH (a:Concept)-[r:${types}]->(b:Concept) WITH a, r, b ORDER BY r.id LIMIT 5000 RETURN ${relationProjection} AS relation`,
        )
      : undefined;
    return [valuesOf(concepts, 'concept'), relations ? valuesOf(relations, 'relation') : []];
  });
  const concepts = new Map(conceptRows.map((row) => toConcept(row, catalogue)).map((c) => [c.id, c]));
  const relations = toRelations(relationRows, catalogue);
  const truth = new Truth(relations, catalogue);

  let focus: Concept | undefined;
  if (query.concept) {
    focus = concepts.get(query.concept);
    if (!focus) throw conceptNotFound(query.concept);
  }
  const pool = relations.filter((r) => !focus || r.subject.id === focus.id || r.object.id === focus.id);

  /** Up to `count` concepts that are wrong in place of `slot`, same category as the right answer first. */
  const distractors = (relation: Relation, slot: 's' | 'o', count: number): Concept[] => {
    const type = must(catalogue.relationType(relation.type), 'relation type');
    const right = must(concepts.get(slot === 's' ? relation.subject.id : relation.object.id), 'concept');
    const fixed = slot === 's' ? relation.object.id : relation.subject.id;
    const wrong = [...concepts.values()].filter(
      (c) =>
        c.id !== right.id &&
        c.id !== fixed &&
        !(slot === 's' ? truth.holds(relation.type, c.id, fixed) : truth.holds(relation.type, fixed, c.id)) &&
        !(type.symmetric && (truth.holds(relation.type, c.id, fixed) || truth.holds(relation.type, fixed, c.id))) &&
        !truth.confusable(c.id, right.id, fixed),
    );
    const sameCategory = shuffle(
      wrong.filter((c) => c.category === right.category),
      random,
    );
    const others = shuffle(
      wrong.filter((c) => c.category !== right.category),
      random,
    );
    return [...sameCategory, ...others].slice(0, count);
  };

  const explanation = (relation: Relation) => ({ sentence: relation.sentence, relationId: relation.id, citations: relation.sources });
  const named = (c: Concept): Named => ({ id: c.id, name: c.name });

  const build: Record<QuestionKind, (relation: Relation, type: RelationType) => QuizQuestion | undefined> = {
    'multiple-choice': (relation, type) => {
      const slot: 's' | 'o' = random() < 0.5 ? 's' : 'o';
      const answer = slot === 's' ? relation.subject : relation.object;
      const other = slot === 's' ? relation.object : relation.subject;
      const wrong = distractors(relation, slot, 3);
      if (wrong.length < 2) return undefined;
      const template = slot === 's' ? type.forward : type.inverse;
      return {
        id: `mc:${relation.id}:${slot}`,
        kind: 'multiple-choice',
        prompt: {
          en: whichOfThese(template.en, slot, other.name.en),
          ko: `다음 중 빈칸에 알맞은 것은? ${renderWithBlank(template.ko, slot, other.name.ko, 'ko')}`,
        },
        choices: shuffle([named(must(concepts.get(answer.id), 'concept')), ...wrong.map(named)], random),
        answer: { conceptId: answer.id },
        explanation: explanation(relation),
      };
    },
    'true-false': (relation, type) => {
      const truthful = random() < 0.5;
      const object = truthful ? concepts.get(relation.object.id) : distractors(relation, 'o', 1)[0];
      if (!object) return undefined;
      const statement = {
        en: render(type.forward.en, relation.subject.name.en, object.name.en),
        ko: render(type.forward.ko, relation.subject.name.ko, object.name.ko),
      };
      return {
        id: `tf:${relation.id}:${truthful ? 'true' : object.id}`,
        kind: 'true-false',
        prompt: { en: `True or false: ${statement.en}.`, ko: `참일까요, 거짓일까요? ${statement.ko}.` },
        statement,
        claim: { subject: relation.subject.id, type: relation.type, object: object.id },
        answer: { value: truthful },
        explanation: explanation(relation),
      };
    },
    'fill-in-the-blank': (relation, type) => {
      const answer = must(concepts.get(relation.object.id), 'concept');
      // Every concept the blank could truly hold is accepted: "Container shares ____" has two answers.
      const others = truth
        .objectsOf(relation.type, relation.subject.id, concepts.keys())
        .filter((id) => id !== answer.id)
        .map((id) => must(concepts.get(id), 'concept'));
      return {
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
        explanation: explanation(relation),
      };
    },
  };

  // Round-robin over the kinds, each question from a relation not used before.
  const questions: QuizQuestion[] = [];
  const queue = shuffle(pool, random);
  const kindOrder = shuffle(kinds, random);
  let cursor = 0;
  while (questions.length < query.count && queue.length > 0) {
    const kind = must(kindOrder[cursor++ % kindOrder.length], 'question kind');
    let question: QuizQuestion | undefined;
    const index = queue.findIndex((relation) => {
      question = build[kind](relation, must(catalogue.relationType(relation.type), 'relation type'));
      return question !== undefined;
    });
    if (index === -1 || !question) {
      kindOrder.splice(kindOrder.indexOf(kind), 1);
      if (kindOrder.length === 0) break;
      continue;
    }
    queue.splice(index, 1);
    questions.push(question);
  }
  return { seed: query.seed, concept: focus ? named(focus) : null, questions };
}
