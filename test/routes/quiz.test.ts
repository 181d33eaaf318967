import { beforeAll, describe, expect, it } from 'vitest';
import type { QuizQuestion } from '../helpers/replies.js';
import { useSeededApp } from '../helpers/seeded-app.js';

const { db, get } = useSeededApp();

let facts: Set<string>;
let symmetric: Set<string>;

/** Whether the graph states "a TYPE b" directly (either way for a symmetric type). */
const stated = (a: string, type: string, b: string) =>
  facts.has(`${a}|${type}|${b}`) || (symmetric.has(type) && facts.has(`${b}|${type}|${a}`));

async function quiz(query: string): Promise<{ seed: string; questions: QuizQuestion[] }> {
  const reply = await get(`/v1/quiz?${query}`);
  expect(reply.statusCode, reply.body).toBe(200);
  return reply.json();
}

beforeAll(async () => {
  const rows = await db().read('MATCH (a:Concept)-[r]->(b:Concept) RETURN a.id + "|" + type(r) + "|" + b.id AS fact');
  facts = new Set(rows.map((row) => String(row.fact)));
  const types = await db().read('MATCH (t:RelationType {symmetric: true}) RETURN t.key AS key');
  symmetric = new Set(types.map((row) => String(row.key)));
});

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

  it('mixes the three kinds of question', async () => {
    const kinds = new Set((await quiz('count=9&seed=mix')).questions.map((q) => q.kind));
    expect(kinds).toEqual(new Set(['multiple-choice', 'true-false', 'fill-in-the-blank']));
  });

  it('gives the same quiz for the same seed, and returns the seed it chose when none is given', async () => {
    expect(await quiz('concept=runc&count=5&seed=same')).toEqual(await quiz('concept=runc&count=5&seed=same'));
    expect((await quiz('count=5&seed=one')).questions).not.toEqual((await quiz('count=5&seed=two')).questions);
    const chosen = await quiz('count=3');
    expect(await quiz(`count=3&seed=${chosen.seed}`)).toEqual(chosen);
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
