// The explorer page's pure logic: its URLs, marking quiz answers, grouping relations, graph looks, languages.
import { describe, expect, it } from 'vitest';
import type { QuizQuestion, Relation } from '../../web/src/api-types.js';
import { categoryStyle, categoryStyles, edgePalette, fallbackCategoryStyle, relationLooks } from '../../web/src/graph-style.js';
import { fill, initialLang, pick } from '../../web/src/i18n.js';
import { isCorrect, normalizeAnswer } from '../../web/src/quiz-check.js';
import { citationLabel, distinctCitations, groupRelations, safeUrl, splitAround } from '../../web/src/relation-groups.js';
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

const explanation = { sentence: { en: 'containerd uses runc', ko: 'containerd는 runc를 사용한다' }, citations: [] };

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
    const question: QuizQuestion = { kind: 'true-false', id: 'q', prompt: { en: 'p', ko: 'p' }, answer: { value: false }, explanation };
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
    expect(citationLabel({ sourceId: 'a', url: 'https://example.org/a', section: null }, 'en')).toEqual({
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
