import { beforeAll, describe, expect, it } from 'vitest';
import { CatalogueCache } from '../../src/graph/catalogue.js';
import { typesOverlap } from '../../src/graph/quiz/distractors.js';
import { generateQuiz } from '../../src/graph/quiz.js';
import { must } from '../../src/must.js';
import { applySeed } from '../../src/seed/apply.js';
import { loadSeed } from '../../src/seed/load.js';
import { clearGraph, seedGraph } from '../helpers/app.js';
import type { QuizQuestion } from '../helpers/replies.js';
import { useSeededApp } from '../helpers/seeded-app.js';

const { db, get } = useSeededApp();

let facts: Set<string>;
let symmetric: Set<string>;
let edges: { a: string; type: string; b: string; confidence: number }[];
let concepts: { id: string; category: string }[];

const hierarchy = new Set(['IS_A', 'PART_OF']);

/** Everything above or below `id` along IS_A / PART_OF, transitively; `id` included. */
function family(id: string, direction: 'up' | 'down' | 'both' = 'both'): Set<string> {
  const result = new Set([id]);
  for (const way of direction === 'both' ? (['up', 'down'] as const) : [direction]) {
    const stack = [id];
    while (stack.length > 0) {
      const node = stack.pop() as string;
      for (const e of edges) {
        if (!hierarchy.has(e.type)) continue;
        const next = way === 'up' ? (e.a === node ? e.b : undefined) : e.b === node ? e.a : undefined;
        if (next && !result.has(next)) {
          result.add(next);
          stack.push(next);
        }
      }
    }
  }
  return result;
}

/** The types of the facts between a and b, either way round. */
const typesBetween = (a: string, b: string) => edges.filter((e) => (e.a === a && e.b === b) || (e.a === b && e.b === a)).map((e) => e.type);

/** Of one kind: the same category, or a direct IS_A / PART_OF parent in common. */
function sameKind(a: string, b: string): boolean {
  const category = (id: string) => concepts.find((c) => c.id === id)?.category;
  if (category(a) !== undefined && category(a) === category(b)) return true;
  const parents = (id: string) => new Set(edges.filter((e) => e.a === id && hierarchy.has(e.type)).map((e) => e.b));
  const ofB = parents(b);
  return [...parents(a)].some((parent) => ofB.has(parent));
}

/** Why `choice` is not a clearly wrong answer to "fixed TYPE ____" (slot o) or "____ TYPE fixed" (slot s); undefined when it is. */
function unfairChoice(fixed: string, type: string, slot: 's' | 'o', answer: string, choice: string): string | undefined {
  if (slot === 'o' ? stated(fixed, type, choice) : stated(choice, type, fixed)) return 'the graph states it';
  if (family(answer).has(choice)) return 'a kind, part or whole of the answer';
  if (family(fixed).has(choice)) return 'a kind, part or whole of the other concept';
  if (!sameKind(choice, answer)) return `not of the answer's kind`;
  for (const member of family(fixed, 'down')) {
    const linked = typesBetween(member, choice).find((other) => typesOverlap(type, other));
    if (linked) return `linked to ${member} by ${linked}`;
  }
  // "x TYPE y" in one or two steps of the type, for anything in the two families.
  const twoSteps = (x: string, y: string) =>
    x !== y &&
    (stated(x, type, y) ||
      edges.some((e) => e.a === x && e.type === type && e.b !== y && edges.some((f) => f.a === e.b && f.type === type && f.b === y)));
  for (const x of family(fixed)) {
    for (const y of family(choice)) {
      const holds = slot === 'o' ? twoSteps(x, y) : twoSteps(y, x);
      if (holds || (symmetric.has(type) && (twoSteps(x, y) || twoSteps(y, x)))) return `${x} ${type} ${y}`;
    }
  }
  return undefined;
}

/** Whether the graph states "a TYPE b" directly (either way for a symmetric type). */
const stated = (a: string, type: string, b: string) =>
  facts.has(`${a}|${type}|${b}`) || (symmetric.has(type) && facts.has(`${b}|${type}|${a}`));

async function quiz(query: string): Promise<{ seed: string; requested: number; available: number; questions: QuizQuestion[] }> {
  const reply = await get(`/v1/quiz?${query}`);
  expect(reply.statusCode, reply.body).toBe(200);
  return reply.json();
}

beforeAll(async () => {
  const rows = await db().read('MATCH (a:Concept)-[r]->(b:Concept) RETURN a.id + "|" + type(r) + "|" + b.id AS fact');
  facts = new Set(rows.map((row) => String(row.fact)));
  const types = await db().read('MATCH (t:RelationType {symmetric: true}) RETURN t.key AS key');
  symmetric = new Set(types.map((row) => String(row.key)));
  const all = await db().read(
    'MATCH (a:Concept)-[r]->(b:Concept) WHERE type(r) <> "REQUIRES" RETURN a.id AS a, type(r) AS type, b.id AS b, r.confidence AS confidence',
  );
  edges = all.map((row) => ({ a: String(row.a), type: String(row.type), b: String(row.b), confidence: Number(row.confidence) }));
  const conceptRows = await db().read('MATCH (c:Concept) RETURN c.id AS id, c.category AS category ORDER BY id');
  concepts = conceptRows.map((row) => ({ id: String(row.id), category: String(row.category) }));
});

/**
 * Broad facts (uses, runs on), shared mechanisms (provides, creates, isolates, limits), strengths, weaknesses, managers,
 * contrasts, and a part asked for its whole hold of many things the graph never links, so no choice can be
 * shown false by the graph's silence: such facts are never asked with wrong choices.
 */
const openWorldTypes = new Set([
  'USES',
  'RUNS_ON',
  'PROVIDES',
  'CREATES',
  'ISOLATES',
  'LIMITS',
  'HAS_STRENGTH',
  'HAS_WEAKNESS',
  'MANAGES',
  'CONTRASTS_WITH',
]);
const openWorld = (type: string, slot: 's' | 'o') => openWorldTypes.has(type) || (type === 'PART_OF' && slot === 'o');

describe('GET /v1/quiz', () => {
  it('asks only questions whose answer is true in the graph and whose distractors are false', async () => {
    let checked = 0;
    for (const query of [
      'count=20&seed=a',
      'count=20&seed=b',
      'count=20&seed=c',
      'concept=containerd&count=10&seed=d',
      'concept=docker-image&count=10&seed=e',
    ]) {
      for (const question of (await quiz(query)).questions) {
        const [subject, type, object] = question.explanation.relationId.split(':') as [string, string, string];
        expect(stated(subject, type, object), question.explanation.relationId).toBe(true);
        expect(question.explanation.citations.length).toBeGreaterThan(0);
        expect(question.prompt.en.length).toBeGreaterThan(0);
        expect(question.prompt.ko).toMatch(/[가-힣]/);
        if (question.kind === 'multiple-choice') {
          const askedSubject = question.id.endsWith(':s');
          expect(question.answer.conceptId).toBe(askedSubject ? subject : object);
          expect(question.choices.map((c) => c.id)).toContain(question.answer.conceptId);
          for (const choice of question.choices.filter((c) => c.id !== question.answer.conceptId)) {
            const wrong = askedSubject ? !stated(choice.id, type, object) : !stated(subject, type, choice.id);
            expect(wrong, `${question.id}: distractor ${choice.id}`).toBe(true);
          }
        } else if (question.kind === 'true-false') {
          expect(stated(question.claim.subject, question.claim.type, question.claim.object)).toBe(question.answer.value);
        } else {
          expect(question.answer.conceptId).toBe(object);
          expect(question.answer.accepted.en.length).toBeGreaterThan(0);
          expect(question.answer.accepted.ko.length).toBeGreaterThan(0);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(60);
  });

  it('follows every rule in every question, for every concept and five seeds', { timeout: 900_000 }, async () => {
    const problems: string[] = [];
    let questions = 0;
    const queries = [
      ...concepts.flatMap((c) => ['s1', 's2', 's3', 's4', 's5'].map((seed) => `concept=${c.id}&count=20&seed=${seed}`)),
      ...['w1', 'w2', 'w3', 'w4', 'w5'].map((seed) => `count=20&seed=${seed}`),
    ];
    for (const query of queries) {
      const reply = await quiz(query);
      expect(reply.requested).toBe(20);
      expect(reply.questions.length, query).toBe(Math.min(20, reply.available));
      const relationIds = reply.questions.map((q) => q.explanation.relationId);
      if (new Set(relationIds).size !== relationIds.length) problems.push(`${query}: two questions test the same fact`);
      const prompts = reply.questions.map((q) => q.prompt.en);
      if (new Set(prompts).size !== prompts.length) problems.push(`${query}: a prompt is asked twice`);
      for (const question of reply.questions) {
        questions++;
        const [subject, type, object] = question.explanation.relationId.split(':') as [string, string, string];
        const where = `${query} ${question.id}`;
        if (!stated(subject, type, object)) problems.push(`${where}: not a fact`);
        if (question.kind === 'multiple-choice') {
          const slot = question.id.endsWith(':s') ? 's' : 'o';
          const fixed = slot === 's' ? object : subject;
          if (!/^다음 중 .+ 것은\?$/.test(question.prompt.ko)) problems.push(`${where}: Korean prompt "${question.prompt.ko}"`);
          if (!question.prompt.en.startsWith('Which of these ')) problems.push(`${where}: English prompt "${question.prompt.en}"`);
          if (openWorld(type, slot)) problems.push(`${where}: wrong choices for a question the graph cannot vouch for`);
          for (const choice of question.choices.filter((c) => c.id !== question.answer.conceptId)) {
            const unfair = unfairChoice(fixed, type, slot, question.answer.conceptId, choice.id);
            if (unfair) problems.push(`${where}: wrong choice ${choice.id} is unfair (${unfair})`);
          }
        } else if (question.kind === 'true-false') {
          const fact = edges.find((e) => e.a === subject && e.type === type && e.b === object);
          if (fact?.confidence !== 1) problems.push(`${where}: true/false from a fact of confidence ${fact?.confidence}`);
          if (stated(question.claim.subject, question.claim.type, question.claim.object) !== question.answer.value) {
            problems.push(`${where}: claim graded wrongly`);
          }
          if (!question.answer.value) {
            if (openWorld(type, 'o')) problems.push(`${where}: a false claim for a fact the graph cannot vouch for`);
            const unfair = unfairChoice(subject, type, 'o', object, question.claim.object);
            if (unfair) problems.push(`${where}: false claim about ${question.claim.object} is debatable (${unfair})`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(questions).toBeGreaterThan(concepts.length * 5);
  });

  it("offers wrong choices only of the answer's kind, in every quiz of the seed for three seeds", { timeout: 300_000 }, async () => {
    const problems: string[] = [];
    let wrongChoices = 0;
    const queries = concepts.flatMap((c) => ['k1', 'k2', 'k3'].map((seed) => `concept=${c.id}&count=20&seed=${seed}`));
    for (const query of queries) {
      for (const question of (await quiz(query)).questions) {
        if (question.kind !== 'multiple-choice') continue;
        const answer = question.answer.conceptId;
        for (const choice of question.choices.filter((c) => c.id !== answer)) {
          wrongChoices++;
          if (!sameKind(choice.id, answer)) problems.push(`${query} "${question.prompt.en}": ${choice.id} is not of ${answer}'s kind`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(wrongChoices).toBeGreaterThan(concepts.length);
  });

  it("never offers as wrong a concept that manages something of the subject's kind, though the graph does not link the two", async () => {
    // Arranged: Kubernetes manages the cluster; Docker Swarm manages a swarm, which is a logical resource as the
    // cluster is, and nothing links Swarm to the cluster. "Which of these manages a cluster?" must not offer Swarm.
    const data = await loadSeed('graph-seed');
    const sources = must(data.concepts[0], 'a seed concept').sources;
    const concept = (id: string, category: string) => ({
      id,
      name: { en: id, ko: id },
      aliases: { en: [], ko: [] },
      category,
      tags: [],
      summary: { en: `${id}.`, ko: `${id}.` },
      sources,
    });
    const relation = (subject: string, type: string, object: string) => ({ subject, type, object, confidence: 1, sources });
    const arranged = {
      ...data,
      concepts: [
        concept('container-platform', 'platform'),
        concept('kubernetes', 'platform'),
        concept('docker-swarm', 'platform'),
        concept('docker-desktop', 'platform'),
        concept('podman-desktop', 'platform'),
        concept('logical-resource', 'infrastructure'),
        concept('cluster', 'infrastructure'),
        concept('swarm', 'infrastructure'),
      ],
      relations: [
        relation('kubernetes', 'IS_A', 'container-platform'),
        relation('docker-swarm', 'IS_A', 'container-platform'),
        relation('docker-desktop', 'IS_A', 'container-platform'),
        relation('podman-desktop', 'IS_A', 'container-platform'),
        relation('cluster', 'IS_A', 'logical-resource'),
        relation('swarm', 'IS_A', 'logical-resource'),
        relation('kubernetes', 'MANAGES', 'cluster'),
        relation('docker-swarm', 'MANAGES', 'swarm'),
      ],
    };
    const catalogue = await new CatalogueCache(db()).get();
    try {
      await clearGraph(db());
      await applySeed(db(), arranged);
      // What manages what is asked without wrong choices (openWorldQuestions): Swarm is never offered as wrong.
      const asked: string[][] = [];
      let questions = 0;
      for (let i = 0; i < 40; i++) {
        for (const question of (await generateQuiz(db(), catalogue, { concept: 'cluster', count: 20, seed: `swarm-${i}` })).questions) {
          questions++;
          if (question.kind === 'multiple-choice')
            asked.push(question.choices.filter((c) => c.id !== question.answer.conceptId).map((c) => c.id));
          if (question.kind === 'true-false' && !question.answer.value) asked.push([question.claim.object]);
        }
      }
      expect(questions).toBeGreaterThan(0);
      for (const choices of asked) expect(choices).not.toContain('docker-swarm');
    } finally {
      await clearGraph(db());
      await seedGraph(db());
    }
  });

  it('says how many questions it could make when asked for more', async () => {
    const rows = await db().read(
      'MATCH (c:Concept)-[r]-(:Concept) WHERE type(r) <> "REQUIRES" WITH c, count(r) AS n ORDER BY n, c.id LIMIT 1 RETURN c.id AS id',
    );
    const reply = await quiz(`concept=${String(rows[0]?.id)}&count=20&seed=few`);
    expect(reply.available).toBeLessThan(20);
    expect(reply.questions).toHaveLength(reply.available);
  });

  it('mixes the three kinds of question', async () => {
    // Kinds are taken in turn; a kind the drawn facts cannot make fairly (a true/false question needs a false
    // statement the distractor rule allows) is skipped, so one quiz may hold two kinds, a few quizzes all three.
    const quizzes = await Promise.all(['mix', 'kinds-1', 'kinds-2'].map((seed) => quiz(`count=9&seed=${seed}`)));
    for (const one of quizzes) expect(new Set(one.questions.map((q) => q.kind)).size).toBeGreaterThanOrEqual(2);
    const kinds = new Set(quizzes.flatMap((one) => one.questions.map((q) => q.kind)));
    expect(kinds).toEqual(new Set(['multiple-choice', 'true-false', 'fill-in-the-blank']));
  });

  it('gives the same quiz for the same seed, and returns the seed it chose when none is given', async () => {
    expect(await quiz('concept=runc&count=5&seed=same')).toEqual(await quiz('concept=runc&count=5&seed=same'));
    expect((await quiz('count=5&seed=one')).questions).not.toEqual((await quiz('count=5&seed=two')).questions);
    const chosen = await quiz('count=3');
    expect(await quiz(`count=3&seed=${chosen.seed}`)).toEqual(chosen);
  });

  it('gives the same quiz for the same seed whatever order the graph was written in', async () => {
    // Neo4j's own order of a node's relationships follows how they were written; a quiz must not.
    const catalogue = await new CatalogueCache(db()).get();
    const cases = [
      { concept: 'containerd', seed: 'order-1' },
      { concept: 'docker-engine', seed: 'order-2' },
      { concept: undefined, seed: 'order-3' },
    ];
    const quizzes = () => Promise.all(cases.map(({ concept, seed }) => generateQuiz(db(), catalogue, { concept, count: 20, seed })));
    const before = await quizzes();
    const data = await loadSeed('graph-seed');
    try {
      await clearGraph(db());
      await applySeed(db(), { ...data, concepts: [...data.concepts].reverse(), relations: [...data.relations].reverse() });
      expect(await quizzes()).toEqual(before);
    } finally {
      await clearGraph(db());
      await seedGraph(db());
    }
  });

  it('asks about the concept it is given', async () => {
    for (const question of (await quiz('concept=cgroups&count=5&seed=x')).questions) {
      expect(question.explanation.relationId.split(':')).toContain('cgroups');
    }
  });

  it.each([
    ['a count over the limit', 'count=21', 400, 'VALIDATION_FAILED'],
    ['a count of zero', 'count=0', 400, 'VALIDATION_FAILED'],
    ['a seed with spaces', 'seed=a%20b', 400, 'VALIDATION_FAILED'],
    ['an unknown concept', 'concept=no-such-concept', 404, 'CONCEPT_NOT_FOUND'],
  ])('rejects %s with a problem', async (_name, query, status, code) => {
    const reply = await get(`/v1/quiz?${query}`);
    expect(reply.statusCode).toBe(status);
    expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reply.json()).toMatchObject({ status, code });
  });
});
