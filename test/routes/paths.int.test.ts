import { describe, expect, it } from 'vitest';
import { graphFingerprint } from '../helpers/app.js';
import { type ExplainedPath, expectProblem } from '../helpers/replies.js';
import { useSeededApp } from '../helpers/seeded-app.js';

const injection = "'; MATCH (n) DETACH DELETE n //";

const { db, get } = useSeededApp();

async function paths(query: string): Promise<ExplainedPath[]> {
  const reply = await get(`/v1/paths?${query}`);
  expect(reply.statusCode, reply.body).toBe(200);
  return reply.json<{ items: ExplainedPath[] }>().items;
}

/** A path is well formed when it runs from `from` to `to` and each edge joins two consecutive nodes. */
function expectWellFormed(path: ExplainedPath, from: string, to: string) {
  expect(path.nodes[0]?.id).toBe(from);
  expect(path.nodes.at(-1)?.id).toBe(to);
  expect(path.edges).toHaveLength(path.length);
  expect(path.nodes).toHaveLength(path.length + 1);
  expect(new Set(path.nodes.map((n) => n.id)).size).toBe(path.nodes.length);
  path.edges.forEach((edge, i) => {
    const ends = [edge.subject.id, edge.object.id].sort();
    expect(ends, `edge ${i} (${edge.id})`).toEqual([path.nodes[i]!.id, path.nodes[i + 1]!.id].sort());
  });
  expect(path.explanation.en.length).toBeGreaterThan(0);
  expect(path.explanation.ko.length).toBeGreaterThan(0);
}

describe('GET /v1/paths', () => {
  it('explains how runc reaches kubernetes: "runc is managed by containerd, which …", in both languages', async () => {
    const items = await paths('from=runc&to=kubernetes');
    expect(items.length).toBeGreaterThan(0);
    for (const path of items) expectWellFormed(path, 'runc', 'kubernetes');
    const managed = items.find((path) => path.explanation.en.startsWith('runc is managed by containerd, which '));
    expect(managed, items.map((p) => p.explanation.en).join('\n')).toBeDefined();
    expect(managed).toMatchObject({
      length: 2,
      explanation: {
        en: 'runc is managed by containerd, which is used by Kubernetes',
        ko: 'runc는 containerd가 관리하고, containerd는 쿠버네티스에서 사용된다',
      },
    });
    expect(managed?.nodes.map((n) => n.id)).toEqual(['runc', 'containerd', 'kubernetes']);
  });

  it('chains one clause per relation, naming every concept on the way', async () => {
    for (const path of await paths('from=runc&to=docker-daemon&limit=10')) {
      expectWellFormed(path, 'runc', 'docker-daemon');
      expect(path.explanation.en.split(', which ')).toHaveLength(path.length);
      expect(path.explanation.ko.split(', ')).toHaveLength(path.length);
      for (const node of path.nodes) {
        // A common noun loses its heading capital inside a sentence ("… of container runtime").
        expect(path.explanation.en.toLowerCase()).toContain(node.name.en.toLowerCase());
        expect(path.explanation.ko).toContain(node.name.ko);
      }
    }
  });

  it('returns the shortest paths first and at most `limit` of them', async () => {
    const items = await paths('from=runc&to=docker-daemon&limit=10');
    const lengths = items.map((p) => p.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    expect(items.length).toBeGreaterThan(1);
    expect(await paths('from=runc&to=docker-daemon&limit=1')).toHaveLength(1);
    expect((await paths('from=runc&to=docker-daemon')).length).toBeLessThanOrEqual(3);
  });

  it('reads a relation against its stored direction with the inverse phrasing', async () => {
    const [path] = await paths('from=cri&to=containerd');
    expect(path).toMatchObject({
      length: 1,
      explanation: { en: 'The Container Runtime Interface is implemented by containerd', ko: 'CRI는 containerd가 구현한다' },
    });
  });

  it('reads a symmetric relation from whichever end the path starts', async () => {
    const [forward] = await paths('from=container&to=virtual-machine&limit=1');
    const [backward] = await paths('from=virtual-machine&to=container&limit=1');
    expect(forward?.explanation).toEqual({ en: 'A container contrasts with a virtual machine', ko: '컨테이너는 가상 머신과 대비된다' });
    expect(backward?.explanation).toEqual({ en: 'A virtual machine contrasts with a container', ko: '가상 머신은 컨테이너와 대비된다' });
  });

  it('leaves out the learning-order type unless it is asked for', async () => {
    const byDefault = await paths('from=runc&to=docker-daemon&limit=10');
    expect(byDefault.flatMap((p) => p.edges.map((e) => e.type))).not.toContain('REQUIRES');
    const learning = await paths('from=runc&to=container-runtime&type=REQUIRES&limit=10');
    expect(learning.length).toBeGreaterThan(0);
    for (const path of learning) {
      expectWellFormed(path, 'runc', 'container-runtime');
      expect(new Set(path.edges.map((e) => e.type))).toEqual(new Set(['REQUIRES']));
    }
  });

  it.each([
    ['maxHops is shorter than every path', 'from=runc&to=kubernetes&maxHops=1'],
    ['only relation types that do not connect them are allowed', 'from=runc&to=kubernetes&type=IMPLEMENTS'],
  ])('answers 200 with no paths when %s', async (_name, query) => {
    const reply = await get(`/v1/paths?${query}`);
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toEqual({ items: [] });
  });

  it.each([
    ['from', 'from=dockr&to=kubernetes'],
    ['to', 'from=runc&to=dockr'],
  ])('returns 404 problem when `%s` is an unknown concept', async (_end, query) => {
    const reply = await get(`/v1/paths?${query}`);
    expectProblem(reply, 404, 'CONCEPT_NOT_FOUND');
    expect(reply.json()).toMatchObject({ conceptId: 'dockr' });
  });

  it.each([
    ['the same concept at both ends', 'from=runc&to=runc', 'VALIDATION_FAILED'],
    ['no `to`', 'from=runc', 'VALIDATION_FAILED'],
    ['maxHops 0', 'from=runc&to=kubernetes&maxHops=0', 'VALIDATION_FAILED'],
    ['maxHops 7', 'from=runc&to=kubernetes&maxHops=7', 'VALIDATION_FAILED'],
    ['limit 0', 'from=runc&to=kubernetes&limit=0', 'VALIDATION_FAILED'],
    ['limit 11', 'from=runc&to=kubernetes&limit=11', 'VALIDATION_FAILED'],
    ['an unknown relation type', 'from=runc&to=kubernetes&type=KNOWS', 'UNKNOWN_RELATION_TYPE'],
    ['an unknown query key', 'from=runc&to=kubernetes&via=containerd', 'VALIDATION_FAILED'],
    ['a Cypher injection as `from`', `from=${encodeURIComponent(injection)}&to=kubernetes`, 'VALIDATION_FAILED'],
    [
      'a Cypher injection as `type`',
      `from=runc&to=kubernetes&type=${encodeURIComponent('USES*]-() DETACH DELETE n //')}`,
      'VALIDATION_FAILED',
    ],
  ])('answers %s with 400 problem and leaves the graph unchanged', async (_name, query, code) => {
    const before = await graphFingerprint(db());
    expectProblem(await get(`/v1/paths?${query}`), 400, code);
    expect(await graphFingerprint(db())).toEqual(before);
  });
});
