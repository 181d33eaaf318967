import { describe, expect, it } from 'vitest';
import { orderLearningPath, type PrerequisiteEdge } from '../../src/graph/learning-order.js';
import { whyNeeded } from '../../src/graph/learning-path.js';

/** "a builds on b c" lines -> edges. */
function edges(lines: string): PrerequisiteEdge[] {
  return lines
    .trim()
    .split('\n')
    .flatMap((line) => {
      const [from, ...to] = line.trim().split(/\s+/);
      return to.map((t) => ({ from: from as string, to: t }));
    });
}

const ids = (order: { steps: { id: string }[] }) => order.steps.map((s) => s.id);

describe('orderLearningPath', () => {
  it('keeps each prerequisite just before the first step that needs it (topics stay together)', () => {
    // kubernetes needs cluster and container; each has its own groundwork.
    const graph = edges(`
      kubernetes cluster container
      cluster pooling server
      pooling virtualization
      container virtualization oslevel
      oslevel isolation
      isolation process`);
    const order = ids(orderLearningPath({ target: 'kubernetes', edges: graph, covered: new Set() }));
    expect(order).toEqual(['virtualization', 'process', 'isolation', 'oslevel', 'container', 'pooling', 'server', 'cluster']);
  });

  it('puts every step after its prerequisites and lists each once', () => {
    const graph = edges(`
      t a b c
      a d e
      b d f
      c f g
      d h
      f h`);
    const order = ids(orderLearningPath({ target: 't', edges: graph, covered: new Set() }));
    expect(new Set(order)).toEqual(new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']));
    expect(order).toHaveLength(8);
    for (const { from, to } of graph) if (from !== 't') expect(order.indexOf(to)).toBeLessThan(order.indexOf(from));
  });

  it('does not order by name: renaming concepts keeps the shape of the path', () => {
    const a = ids(orderLearningPath({ target: 't', edges: edges('t x y\nx z'), covered: new Set() }));
    const b = ids(orderLearningPath({ target: 't', edges: edges('t a b\na c'), covered: new Set() }));
    // x has groundwork of its own, so it comes first in both, whatever it is called.
    expect(a).toEqual(['z', 'x', 'y']);
    expect(b).toEqual(['c', 'a', 'b']);
    const c = ids(orderLearningPath({ target: 't', edges: edges('t b a\nb c'), covered: new Set() }));
    expect(c).toEqual(['c', 'b', 'a']);
  });

  it('says which later steps need each step, the target last', () => {
    const order = orderLearningPath({ target: 't', edges: edges('t a b\na b'), covered: new Set() });
    expect(order.steps).toEqual([
      { id: 'b', distance: 1, neededBy: ['a', 't'] },
      { id: 'a', distance: 1, neededBy: ['t'] },
    ]);
  });

  it('skips covered concepts and what lies beneath them, and counts them', () => {
    const graph = edges(`
      t a k
      k x
      x y
      a y`);
    const order = orderLearningPath({ target: 't', edges: graph, covered: new Set(['k', 'x', 'y']) });
    expect(ids(order)).toEqual(['a']);
    expect(order.skipped.sort()).toEqual(['k', 'x', 'y']);
  });

  it('keeps the steps nearest the target under maxSteps, each still with a reason on the path', () => {
    const graph = edges(`
      t a b
      a c
      c d
      b e`);
    const full = orderLearningPath({ target: 't', edges: graph, covered: new Set() });
    const short = orderLearningPath({ target: 't', edges: graph, covered: new Set(), maxSteps: 3 });
    expect(ids(full)).toHaveLength(5);
    expect(short.omitted).toBe(2);
    expect(ids(short)).toHaveLength(3);
    expect(ids(short)).toEqual(ids(full).filter((id) => ids(short).includes(id)));
    for (const step of short.steps) expect(step.distance).toBeLessThanOrEqual(2);
    for (const step of short.steps) for (const user of step.neededBy) expect([...ids(short), 't']).toContain(user);
  });

  it('survives a cycle and a long chain', () => {
    expect(ids(orderLearningPath({ target: 't', edges: edges('t a\na b\nb a'), covered: new Set() }))).toEqual(['b', 'a']);
    const chain = Array.from({ length: 5_000 }, (_, i) => ({ from: i === 0 ? 't' : `n${i}`, to: `n${i + 1}` }));
    expect(orderLearningPath({ target: 't', edges: chain, covered: new Set() }).steps).toHaveLength(5_000);
  });

  it('gives an empty path for a concept with no prerequisites', () => {
    expect(orderLearningPath({ target: 't', edges: [], covered: new Set() })).toEqual({ steps: [], skipped: [], omitted: 0 });
  });
});

describe('whyNeeded', () => {
  it('names the later steps and the target in both languages, with the right particle', () => {
    expect(
      whyNeeded([
        { name: { en: 'cgroups', ko: 'cgroups' }, position: 4 },
        { name: { en: 'Container', ko: '컨테이너' }, position: undefined },
      ]),
    ).toEqual({ en: 'Needed for step 4 (cgroups) and the target (container)', ko: '4단계 cgroups와 목표 컨테이너의 바탕이 된다' });
    expect(whyNeeded([{ name: { en: 'Docker image', ko: '도커 이미지' }, position: 2 }])).toEqual({
      en: 'Needed for step 2 (Docker image)',
      ko: '2단계 도커 이미지의 바탕이 된다',
    });
  });
});
