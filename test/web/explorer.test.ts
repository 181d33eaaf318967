// The explorer page's pure logic: its URLs, marking quiz answers, grouping relations, graph looks, the
// neighbourhood's rings, languages.
import { describe, expect, it } from 'vitest';
import type { QuizQuestion, Relation } from '../../web/src/api-types.js';
import { categoryStyle, categoryStyles, edgePalette, edgeTier, fallbackCategoryStyle, relationLooks } from '../../web/src/graph-style.js';
import { fill, initialLang, pick } from '../../web/src/i18n.js';
import { isCorrect, normalizeAnswer } from '../../web/src/quiz-check.js';
import { citationLabel, distinctCitations, groupRelations, safeUrl, splitAround } from '../../web/src/relation-groups.js';
import { overlap, type RingEdge, type RingNode, ringLayout, sideFor, sideWithin } from '../../web/src/ring-layout.js';
import { parseRoute, type Route, routeUrl } from '../../web/src/routes.js';

describe('explorer URLs', () => {
  it('reads /, /explore and /explore/ as the home view', () => {
    for (const path of ['/', '/explore', '/explore/']) expect(parseRoute(path, '')).toEqual({ view: 'home' });
    expect(parseRoute('/explore', '?category=runtime')).toEqual({ view: 'home', category: 'runtime' });
  });

  it('gives every route back from its own URL', () => {
    const routes: Route[] = [
      { view: 'home' },
      { view: 'home', category: 'runtime' },
      { view: 'concept', id: 'docker-daemon', depth: 1 },
      { view: 'concept', id: 'runc', depth: 2 },
      { view: 'path' },
      { view: 'path', from: 'runc', to: 'kubernetes' },
      { view: 'learn', known: [] },
      { view: 'learn', target: 'libcontainer', known: ['container', 'cgroups'] },
      { view: 'quiz' },
      { view: 'quiz', concept: 'containerd', seed: 'abc123' },
    ];
    for (const route of routes) {
      const url = new URL(routeUrl(route), 'http://x');
      expect(parseRoute(url.pathname, url.search)).toEqual(route);
    }
    expect(routeUrl({ view: 'learn', target: 'libcontainer', known: ['a', 'b'] })).toBe('/explore/learn?target=libcontainer&known=a,b');
  });

  it('treats an unknown depth as 1, drops malformed known ids, and names unknown pages', () => {
    expect(parseRoute('/explore/concept/runc', '?depth=9')).toEqual({ view: 'concept', id: 'runc', depth: 1 });
    expect(parseRoute('/explore/learn', '?target=x&known=ok,Not Ok,,ok')).toEqual({ view: 'learn', target: 'x', known: ['ok'] });
    expect(parseRoute('/explore/nothing', '')).toEqual({ view: 'not-found', path: '/explore/nothing' });
  });

  it('keeps a concept id that the API will reject, so the page can show the API problem', () => {
    expect(parseRoute('/explore/concept/Not_An_Id', '')).toEqual({ view: 'concept', id: 'Not_An_Id', depth: 1 });
  });
});

const explanation = {
  sentence: { en: 'containerd uses runc', ko: 'containerd는 runc를 사용한다' },
  relationId: 'containerd:USES:runc',
  citations: [],
};

describe('marking quiz answers', () => {
  it('marks a multiple-choice answer by the chosen concept id', () => {
    const question: QuizQuestion = {
      kind: 'multiple-choice',
      id: 'q',
      prompt: { en: 'p', ko: 'p' },
      choices: [],
      answer: { conceptId: 'runc' },
      explanation,
    };
    expect(isCorrect(question, { conceptId: 'runc' })).toBe(true);
    expect(isCorrect(question, { conceptId: 'lxc' })).toBe(false);
    expect(isCorrect(question, { value: true })).toBe(false);
  });

  it('marks true/false by the value', () => {
    const question: QuizQuestion = {
      kind: 'true-false',
      id: 'q',
      prompt: { en: 'p', ko: 'p' },
      statement: { en: 's', ko: 's' },
      claim: { subject: 'containerd', type: 'USES', object: 'runc' },
      answer: { value: false },
      explanation,
    };
    expect(isCorrect(question, { value: false })).toBe(true);
    expect(isCorrect(question, { value: true })).toBe(false);
  });

  it('accepts any accepted name in either language, ignoring case, spaces and punctuation', () => {
    const question: QuizQuestion = {
      kind: 'fill-in-the-blank',
      id: 'q',
      prompt: { en: 'p', ko: 'p' },
      answer: {
        conceptId: 'docker-engine',
        text: { en: 'Docker Engine', ko: '도커 엔진' },
        accepted: { en: ['Docker Engine', 'Docker CE engine'], ko: ['도커 엔진'] },
        alsoCorrect: [],
      },
      explanation,
    };
    for (const text of ['docker engine', ' Docker-Engine ', 'DOCKER CE ENGINE', '도커엔진', '도커 엔진.'])
      expect(isCorrect(question, { text })).toBe(true);
    for (const text of ['docker', '', 'engine docker', '도커']) expect(isCorrect(question, { text })).toBe(false);
  });

  it('normalises a bracketed Korean particle away', () => {
    expect(normalizeAnswer('컨테이너(을)')).toBe(normalizeAnswer('컨테이너'));
  });
});

function relation(subject: string, type: string, object: string): Relation {
  const ref = (id: string) => ({ id, name: { en: id.toUpperCase(), ko: `${id}-ko` } });
  return {
    id: `${subject}:${type}:${object}`,
    type,
    subject: ref(subject),
    object: ref(object),
    sentence: { en: `${subject.toUpperCase()} ${type.toLowerCase()} ${object.toUpperCase()}`, ko: `${subject}-ko ${object}-ko` },
    confidence: 1,
    sources: [],
    provenance: 'notes',
  };
}

describe('relations grouped for reading', () => {
  it('groups by type in catalogue order, outgoing first, and names the concept at the other end', () => {
    const groups = groupRelations(
      {
        outgoing: [relation('runc', 'USES', 'cgroups'), relation('runc', 'IS_A', 'runtime'), relation('runc', 'USES', 'alpha')],
        incoming: [relation('containerd', 'USES', 'runc'), relation('zed', 'NEW_TYPE', 'runc')],
      },
      ['IS_A', 'USES'],
      'en',
    );
    expect(groups.map((group) => group.type)).toEqual(['IS_A', 'USES', 'NEW_TYPE']);
    expect(groups[1]!.items.map((item) => `${item.direction}:${item.other.id}`)).toEqual(['out:alpha', 'out:cgroups', 'in:containerd']);
  });

  it('lists a relation that comes back in both lists once', () => {
    const twice = relation('a', 'CONTRASTS_WITH', 'b');
    expect(groupRelations({ outgoing: [twice], incoming: [twice] }, [], 'en')[0]!.items).toHaveLength(1);
  });

  it('cuts a sentence around the other concept name, or says it cannot', () => {
    expect(splitAround('runc is managed by containerd', 'containerd')).toEqual({
      before: 'runc is managed by ',
      match: 'containerd',
      after: '',
    });
    expect(splitAround('runc는 containerd에 의해 관리된다', 'containerd')?.after).toBe('에 의해 관리된다');
    expect(splitAround('no mention', 'containerd')).toBeNull();
  });

  it('finds a name the sentence writes in lower case, keeping the sentence spelling', () => {
    expect(splitAround('Docker daemon manages container networking', 'Container networking')).toEqual({
      before: 'Docker daemon manages ',
      match: 'container networking',
      after: '',
    });
  });

  it('labels citations with the section, links only http(s) and drops repeats', () => {
    const notes = {
      sourceId: 'notes',
      title: { en: 'Study notes', ko: '학습 노트' },
      url: null,
      section: { id: 'runc', heading: 'runc', title: { en: 'runc', ko: 'runc' } },
    };
    expect(citationLabel(notes, 'en')).toEqual({ text: 'Study notes, section “runc”', url: null });
    expect(citationLabel(notes, 'ko').text).toBe('학습 노트, 절 “runc”');
    expect(citationLabel({ sourceId: 'a', title: { en: 'a', ko: 'a' }, url: 'https://example.org/a', section: null }, 'en')).toEqual({
      text: 'a',
      url: 'https://example.org/a',
    });
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(distinctCitations([notes, { ...notes }, { ...notes, section: null }])).toHaveLength(2);
  });
});

describe('graph looks', () => {
  it('gives every relation type of a 22-type catalogue its own colour and line style, stable across calls', () => {
    const keys = Array.from({ length: 22 }, (_, i) => `TYPE_${String.fromCharCode(65 + i)}`);
    const looks = relationLooks(keys);
    expect(new Set([...looks.values()].map((look) => `${look.color}/${look.lineStyle}`)).size).toBe(22);
    expect(relationLooks([...keys].reverse())).toEqual(looks);
    expect(new Set(edgePalette).size).toBe(edgePalette.length);
  });

  it('tells categories apart by colour and by shape, with a fallback for a new category', () => {
    const styles = Object.values(categoryStyles);
    expect(new Set(styles.map((style) => style.color)).size).toBe(styles.length);
    expect(new Set(styles.map((style) => style.shape)).size).toBe(styles.length);
    expect(categoryStyle('not-yet-known')).toEqual(fallbackCategoryStyle);
  });
});

/**
 * A neighbourhood like the depth-2 ones the page draws: a centre, `first` concepts around it in three categories
 * with names of every length, and `perParent` outer concepts behind each, some linked to two first-ring concepts.
 */
function neighbourhood(first: number, perParent: number): { nodes: RingNode[]; edges: RingEdge[] } {
  const categories = ['runtime', 'component', 'platform'];
  const label = (chars: number) => ({ width: Math.min(110, chars * 6.5), height: chars * 6.5 > 110 ? 28 : 17 });
  const nodes: RingNode[] = [{ id: 'hub', depth: 0, category: 'runtime', name: 'hub', label: label(10) }];
  const edges: RingEdge[] = [];
  for (let i = 0; i < first; i++) {
    const id = `near-${i}`;
    nodes.push({
      id,
      depth: 1,
      category: categories[(i * 7) % 3]!,
      name: `Near concept ${'x'.repeat((i * 5) % 17)}`,
      label: label(8 + ((i * 5) % 17)),
    });
    edges.push(i % 2 ? { source: 'hub', target: id } : { source: id, target: 'hub' });
    if (i > 0 && i % 3 === 0) edges.push({ source: id, target: `near-${i - 1}` });
    for (let j = 0; j < perParent; j++) {
      const outer = `far-${i}-${j}`;
      nodes.push({ id: outer, depth: 2, category: categories[j % 3]!, name: outer });
      edges.push({ source: id, target: outer });
      if (j === 0 && i + 1 < first) edges.push({ source: outer, target: `near-${i + 1}` });
    }
  }
  return { nodes, edges };
}

describe('neighbourhood in rings', () => {
  const { nodes, edges } = neighbourhood(12, 3);
  const layout = ringLayout(nodes, edges, { centre: 'hub', categoryOrder: Object.keys(categoryStyles) });
  const at = (id: string) => layout.positions.get(id)!;
  const depth = new Map(nodes.map((node) => [node.id, node.depth]));
  const distance = (id: string) => Math.hypot(at(id).x, at(id).y);
  const angle = (id: string) => Math.atan2(at(id).y, at(id).x);

  it('puts the centre in the middle and each hop on a ring farther out than the one inside it', () => {
    expect(at('hub')).toEqual({ x: 0, y: 0 });
    const ring = (d: number) => nodes.filter((node) => node.depth === d).map((node) => distance(node.id));
    expect(Math.min(...ring(1))).toBeGreaterThan(0);
    expect(Math.min(...ring(2))).toBeGreaterThan(Math.max(...ring(1)));
    // The first ring is a ring: every node at the same distance.
    expect(Math.max(...ring(1)) - Math.min(...ring(1))).toBeLessThan(1e-6);
  });

  it('keeps every named node with its label clear of every other node and label', () => {
    const boxes = [...layout.boxes.entries()];
    const clashes = boxes.flatMap(([a, boxA], i) => boxes.slice(i + 1).flatMap(([b, boxB]) => (overlap(boxA, boxB) ? [`${a}/${b}`] : [])));
    expect(clashes).toEqual([]);
    // Named boxes hold their labels: the first ring's boxes are wider than the bare nodes.
    expect(layout.boxes.get('near-3')!.x2 - layout.boxes.get('near-3')!.x1).toBeGreaterThan(40);
  });

  it('groups the first ring by category, in the given order, clockwise from the top', () => {
    const firstRing = layout.order.filter((id) => depth.get(id) === 1);
    const categories = firstRing.map((id) => nodes.find((node) => node.id === id)!.category);
    const runs = categories.filter((category, i) => i === 0 || categories[i - 1] !== category);
    // categoryStyles lists platform, runtime, …, component: the groups follow that order, one run each.
    expect(runs).toEqual(['platform', 'runtime', 'component']);
    // Clockwise on screen (y grows downwards): angles increase along the order.
    const angles = firstRing.map((id) => (angle(id) + 2.5 * Math.PI) % (2 * Math.PI));
    expect([...angles].sort((a, b) => a - b)).toEqual(angles);
    expect(layout.order[0]).toBe('hub');
    expect(layout.order).toHaveLength(nodes.length);
  });

  it('places an outer concept behind the first-ring concept that links it in', () => {
    const firstRing = nodes.filter((node) => node.depth === 1).map((node) => node.id);
    const gap = (a: number, b: number) => Math.abs(Math.atan2(Math.sin(a - b), Math.cos(a - b)));
    for (const node of nodes.filter((candidate) => candidate.depth === 2 && !candidate.id.endsWith('-0'))) {
      const parent = `near-${node.id.split('-')[1]}`;
      const nearest = [...firstRing].sort((a, b) => gap(angle(a), angle(node.id)) - gap(angle(b), angle(node.id)));
      expect(nearest.slice(0, 2), node.id).toContain(parent);
    }
  });

  it('puts labels outwards: beside a node near the horizontal, above or below it near the vertical', () => {
    expect(sideFor(0)).toBe('right');
    expect(sideFor(Math.PI)).toBe('left');
    expect(sideFor(-Math.PI / 2)).toBe('top');
    expect(sideFor(Math.PI / 2)).toBe('bottom');
    expect(layout.sides.get('hub')).toBe('bottom');
    for (const id of layout.order.slice(1)) {
      const side = layout.sides.get(id)!;
      const { x, y } = at(id);
      expect({ right: x > 0, left: x < 0, top: y < 0, bottom: y > 0 }[side], id).toBe(true);
    }
  });

  it('turns an outer label inwards where it would leave the drawing', () => {
    const view = { x1: -200, y1: -200, x2: 200, y2: 200 };
    const size = { width: 100, height: 17 };
    expect(sideWithin({ x: 150, y: 0 }, 2, size, 'right', view)).toBe('left');
    expect(sideWithin({ x: 50, y: 0 }, 2, size, 'right', view)).toBe('right');
    expect(sideWithin({ x: 0, y: 190 }, 2, size, 'bottom', view)).toBe('top');
  });

  it('gives the same drawing whatever order the reply lists concepts and relations in', () => {
    const again = ringLayout([...nodes].reverse(), [...edges].reverse(), { centre: 'hub', categoryOrder: Object.keys(categoryStyles) });
    expect(again.positions).toEqual(layout.positions);
    expect(again.order).toEqual(layout.order);
  });

  it('widens the first ring for longer names, and stays a small ring for a few short ones', () => {
    const short = ringLayout(
      [
        { id: 'c', depth: 0, category: 'runtime', name: 'c', label: { width: 30, height: 17 } },
        ...['a', 'b', 'd'].map((id) => ({ id, depth: 1, category: 'tool', name: id, label: { width: 20, height: 17 } })),
      ],
      [],
      { centre: 'c' },
    );
    expect(short.radii[1]).toBeLessThan(120);
    const long = ringLayout(
      [
        { id: 'c', depth: 0, category: 'runtime', name: 'c', label: { width: 30, height: 17 } },
        ...Array.from({ length: 12 }, (_, i) => ({
          id: `n${i}`,
          depth: 1,
          category: 'tool',
          name: `n${i}`,
          label: { width: 110, height: 28 },
        })),
      ],
      [],
      { centre: 'c' },
    );
    expect(long.radii[1]).toBeGreaterThan(short.radii[1]!);
  });

  it('sorts edges into tiers by how far out their ends are', () => {
    expect([edgeTier(0, 1), edgeTier(1, 0), edgeTier(1, 1), edgeTier(1, 2), edgeTier(2, 1), edgeTier(2, 2)]).toEqual([
      'spoke',
      'spoke',
      'ring',
      'reach',
      'reach',
      'outer',
    ]);
  });
});

describe('languages', () => {
  it('prefers the stored choice, then the browser’s first language', () => {
    expect(initialLang('ko', ['en-US'])).toBe('ko');
    expect(initialLang(null, ['ko-KR', 'en'])).toBe('ko');
    expect(initialLang(null, ['en-GB', 'ko'])).toBe('en');
    expect(initialLang('fr', [])).toBe('en');
  });

  it('fills placeholders and falls back to the other language when one is empty', () => {
    expect(fill('{s} uses {o}', { s: 'A', o: 'B' })).toBe('A uses B');
    expect(fill('{missing}', {})).toBe('{missing}');
    expect(pick('ko', { en: 'only English', ko: '' })).toBe('only English');
    expect(pick('en', undefined)).toBe('');
  });
});
