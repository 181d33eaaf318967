import { describe, expect, it } from 'vitest';
import type { LearningPath } from '../helpers/replies.js';
import { useSeededApp } from '../helpers/seeded-app.js';

const { db, get } = useSeededApp();

/** Prerequisite edges as the database has them, to check the route independently. */
async function prerequisiteEdges(): Promise<[string, string][]> {
  const rows = await db().read('MATCH (a:Concept)-[:REQUIRES]->(b:Concept) RETURN a.id AS a, b.id AS b');
  return rows.map((row) => [String(row.a), String(row.b)]);
}

function closure(edges: [string, string][], start: string[]): Set<string> {
  const result = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const [a, b] of edges) {
      if (a === id && !result.has(b)) {
        result.add(b);
        stack.push(b);
      }
    }
  }
  return result;
}

async function path(query: string): Promise<LearningPath> {
  const reply = await get(`/v1/learning-path?${query}`);
  expect(reply.statusCode, reply.body).toBe(200);
  return reply.json();
}

describe('GET /v1/learning-path', () => {
  it('lists every prerequisite of the target once, each after its own prerequisites', async () => {
    const edges = await prerequisiteEdges();
    for (const target of ['runc', 'libcontainer', 'kubernetes', 'container']) {
      const reply = await path(`target=${target}`);
      const order = reply.steps.map((step) => step.concept.id);
      expect(new Set(order)).toEqual(closure(edges, [target]));
      expect(new Set(order).size).toBe(order.length);
      for (const [a, b] of edges) {
        if (order.includes(a) && order.includes(b)) expect(order.indexOf(b), `${b} before ${a}`).toBeLessThan(order.indexOf(a));
      }
      expect(reply.steps.map((step) => step.position)).toEqual(order.map((_, i) => i + 1));
    }
  });

  it('places each prerequisite just before the first step that needs it, with only that step’s groundwork between', async () => {
    const edges = await prerequisiteEdges();
    for (const target of ['runc', 'docker-compose', 'kubernetes', 'image-layer', 'containerd-shim']) {
      const reply = await path(`target=${target}`);
      const order = reply.steps.map((step) => step.concept.id);
      order.forEach((id, index) => {
        const users = edges.filter(([, b]) => b === id).map(([a]) => a);
        const firstUser = Math.min(...users.map((u) => (u === target ? order.length : order.indexOf(u))).filter((i) => i >= 0));
        const groundwork = closure(edges, [order[firstUser] ?? target]);
        for (const between of order.slice(index + 1, firstUser))
          expect(groundwork.has(between), `${target}: ${between} between ${id} and its user`).toBe(true);
      });
    }
  });

  it('says for each step which later steps need it, in relations and in words', async () => {
    const reply = await path('target=runc');
    const order = reply.steps.map((step) => step.concept.id);
    for (const step of reply.steps) {
      expect(step.because.length).toBeGreaterThan(0);
      for (const relation of step.because) {
        const user = relation.subject.id;
        expect(user === 'runc' || order.indexOf(user) > order.indexOf(step.concept.id), `${user} after ${step.concept.id}`).toBe(true);
      }
      expect(step.why.en).toMatch(/^Needed for /);
      expect(step.why.ko).toMatch(/의 바탕이 된다$/);
      expect(step.distance).toBeGreaterThanOrEqual(1);
    }
    expect(reply.skippedAsKnown).toBe(0);
    expect(reply.omitted).toBe(0);
    expect(reply.truncated).toBe(false);
  });

  it('keeps only the steps nearest the target with maxSteps and says how many it left out', async () => {
    const full = await path('target=kubernetes');
    const short = await path('target=kubernetes&maxSteps=3');
    expect(short.steps).toHaveLength(Math.min(3, full.steps.length));
    expect(short.omitted).toBe(full.steps.length - short.steps.length);
    const kept = new Set(short.steps.map((s) => s.concept.id));
    const farthestKept = Math.max(...short.steps.map((s) => s.distance));
    for (const step of full.steps.filter((s) => !kept.has(s.concept.id))) expect(step.distance).toBeGreaterThanOrEqual(farthestKept);
    expect(short.steps.map((s) => s.concept.id)).toEqual(full.steps.map((s) => s.concept.id).filter((id) => kept.has(id)));
    for (const query of ['target=runc&maxSteps=0', 'target=runc&maxSteps=101', 'target=runc&maxSteps=two']) {
      const reply = await get(`/v1/learning-path?${query}`);
      expect(reply.statusCode).toBe(400);
      expect(reply.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('says which prerequisite relation put each step on the path', async () => {
    const reply = await path('target=libcontainer');
    for (const step of reply.steps) {
      expect(step.because.length).toBeGreaterThan(0);
      for (const relation of step.because) {
        expect(relation.type).toBe('REQUIRES');
        expect(relation.object.id).toBe(step.concept.id);
      }
    }
    const ids = reply.steps.map((step) => step.concept.id);
    expect(ids).toEqual(expect.arrayContaining(['linux-namespaces', 'cgroups']));
  });

  it('skips known concepts and everything they rest on', async () => {
    const edges = await prerequisiteEdges();
    const full = await path('target=runc');
    const reply = await path('target=runc&known=container,docker-engine');
    const covered = closure(edges, ['container', 'docker-engine']);
    const order = reply.steps.map((step) => step.concept.id);
    expect(order).not.toContain('container');
    expect(order).not.toContain('docker-engine');
    for (const id of covered) expect(order).not.toContain(id);
    expect(order.length).toBeLessThan(full.steps.length);
    expect(reply.known.map((k) => k.id)).toEqual(['container', 'docker-engine']);
    const known = ['container', 'docker-engine'];
    expect(reply.skipped.map((s) => s.id).sort()).toEqual(
      [...covered].filter((id) => closure(edges, ['runc']).has(id) && !known.includes(id)).sort(),
    );
    const onPath = closure(edges, ['runc']);
    const skippedAsKnown = [...new Set([...covered, ...known])].filter((id) => onPath.has(id)).length;
    expect(reply.skippedAsKnown).toBe(skippedAsKnown);
    expect(reply.steps.length + skippedAsKnown).toBe(full.steps.length);
  });

  it('gives an empty path for a concept with no prerequisites', async () => {
    const roots = await db().read('MATCH (c:Concept) WHERE NOT (c)-[:REQUIRES]->() RETURN c.id AS id LIMIT 1');
    const reply = await path(`target=${String(roots[0]!.id)}`);
    expect(reply.steps).toEqual([]);
  });

  it('returns 404 problem for an unknown target or known concept', async () => {
    for (const query of ['target=no-such-thing', 'target=runc&known=containerd,no-such-thing']) {
      const reply = await get(`/v1/learning-path?${query}`);
      expect(reply.statusCode).toBe(404);
      expect(reply.json()).toMatchObject({ code: 'CONCEPT_NOT_FOUND' });
    }
  });

  it('returns 400 problem for a missing target or ids that are not slugs', async () => {
    for (const query of ['', 'target=Run%20C', "target=runc&known='%3B%20MATCH%20(n)%20DETACH%20DELETE%20n%20%2F%2F"]) {
      const reply = await get(`/v1/learning-path?${query}`);
      expect(reply.statusCode).toBe(400);
      expect(reply.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });
});
