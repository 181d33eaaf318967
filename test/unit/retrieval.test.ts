// The retrieval pipeline's pure parts on a small hand-made graph: no database.
import { describe, expect, it } from 'vitest';
import { contextBlock } from '../../src/graph/retrieval/context.js';
import { buildRetrievalIndex, type ConceptRow, type RelationRow } from '../../src/graph/retrieval/graph-index.js';
import { matchDescribed, matchNamed } from '../../src/graph/retrieval/matching.js';
import { readQuestion } from '../../src/graph/retrieval/question.js';
import { rankFacts } from '../../src/graph/retrieval/ranking.js';
import type { NumberedCitation, RetrievedConcept, RetrievedFact } from '../../src/graph/retrieval/schema.js';

const concept = (id: string, en: string, ko: string, summaryEn: string, aliasesEn: string[] = []): ConceptRow => ({
  id,
  name: { en, ko },
  aliases: { en: aliasesEn, ko: [] },
  category: 'component',
  summary: { en: summaryEn, ko: `${ko}에 대한 설명이다.` },
});
const relation = (subject: string, type: string, object: string, confidence = 1): RelationRow => ({
  id: `${subject}:${type}:${object}`,
  type,
  subject,
  object,
  confidence,
  sources: ['notes#x'],
});

const concepts = [
  concept('docker', 'Docker', '도커', 'A platform for running applications in containers.'),
  concept('docker-daemon', 'Docker daemon', '도커 데몬', 'The background service that does the work for the client.', ['dockerd']),
  concept('kubernetes', 'Kubernetes', '쿠버네티스', 'An orchestrator that schedules workloads over a cluster.', ['k8s']),
  concept('containerd', 'containerd', 'containerd', 'A high-level runtime that manages images and containers.'),
  concept('runc', 'runc', 'runc', 'A low-level runtime that asks the kernel to start each container.'),
  concept('container', 'Container', '컨테이너', 'An isolated process sharing the host kernel.'),
  concept('image', 'Docker image', '도커 이미지', 'A read-only layered template from which containers are started.'),
  concept('hypervisor', 'Hypervisor', '하이퍼바이저', 'Software that provides virtual hardware to virtual machines.'),
];
const relations = [
  relation('kubernetes', 'USES', 'containerd'),
  relation('containerd', 'USES', 'runc'),
  relation('runc', 'CREATES', 'container'),
  relation('container', 'INSTANCE_OF', 'image'),
  relation('docker', 'USES', 'container'),
  relation('docker-daemon', 'PART_OF', 'docker'),
  relation('docker-daemon', 'SENDS_REQUESTS_TO', 'containerd'),
  relation('runc', 'REQUIRES', 'containerd'),
  relation('kubernetes', 'REQUIRES', 'container'),
];
const index = buildRetrievalIndex(concepts, relations, new Set(['REQUIRES']));
const idOf = (n: number) => index.concepts[n]?.id;

function seedsOf(query: string) {
  const question = readQuestion(query);
  const named = matchNamed(index, question);
  return { question, ...matchDescribed(index, question, named.hits, named.claimedTokens) };
}

describe('matching', () => {
  it('finds Korean names with particles attached', () => {
    const { hits } = seedsOf('도커 데몬은 누구에게 요청을 보내나요?');
    expect(hits.filter((h) => h.how === 'named').map((h) => idOf(h.concept))).toEqual(['docker-daemon']);
  });

  it('does not count a name inside a longer name at the same place, but does count it elsewhere', () => {
    expect(seedsOf('what is the docker daemon').hits.map((h) => idOf(h.concept))).not.toContain('docker');
    const both = seedsOf('docker daemon and docker').hits.map((h) => idOf(h.concept));
    expect(both).toEqual(expect.arrayContaining(['docker', 'docker-daemon']));
  });

  it('keeps "container" when the question also names containerd', () => {
    const ids = seedsOf('What does containerd do for each container?').hits.map((h) => idOf(h.concept));
    expect(ids).toEqual(expect.arrayContaining(['containerd', 'container']));
  });

  it('tolerates a typo in a long Latin name and in a Korean name, at a lower weight', () => {
    const latin = seedsOf('what does kuberntes use').hits.find((h) => idOf(h.concept) === 'kubernetes');
    expect(latin?.how).toBe('named');
    expect(latin?.weight).toBeLessThan(seedsOf('what does kubernetes use').hits[0]?.weight ?? 0);
    expect(seedsOf('하이퍼바이져는 뭐야').hits.map((h) => idOf(h.concept))).toContain('hypervisor');
  });

  it('finds a concept from its summary when the question describes it', () => {
    const hit = seedsOf('the read-only layered template containers are started from').hits.find((h) => idOf(h.concept) === 'image');
    expect(hit?.how).toBe('described');
  });

  it('finds nothing in a question about something else', () => {
    expect(seedsOf('How do I bake sourdough bread?').hits).toEqual([]);
    expect(seedsOf('김치찌개 맛있게 끓이는 법').hits).toEqual([]);
  });

  it('reads learning-order questions in both languages', () => {
    expect(readQuestion('What should I learn before runc?').learningOrder).toBe(true);
    expect(readQuestion('runc를 배우려면 먼저 뭘 알아야 해?').learningOrder).toBe(true);
    expect(readQuestion('What does runc create?').learningOrder).toBe(false);
  });
});

describe('ranking', () => {
  const rank = (query: string, maxFacts = 5) => {
    const { question, hits, shared } = seedsOf(query);
    return rankFacts(index, {
      seeds: hits,
      asked: new Set(),
      shared,
      learningOrder: question.learningOrder,
      why: question.why,
      comparison: question.comparison,
      anaphor: question.anaphor,
      maxFacts,
      breadth: 1,
    }).map((fact) => index.relations[fact.relation]?.id);
  };

  it('ranks the chain between two named concepts first', () => {
    const facts = rank('How is Kubernetes connected to runc?', 3);
    expect(facts.slice(0, 2).sort()).toEqual(['containerd:USES:runc', 'kubernetes:USES:containerd']);
  });

  it('leaves learning-order edges out unless the question asks what to learn first', () => {
    expect(rank('Tell me about runc', 20)).not.toContain('runc:REQUIRES:containerd');
    expect(rank('What should I learn before runc?', 3)[0]).toBe('runc:REQUIRES:containerd');
  });

  it('returns nothing without concepts', () => {
    expect(rank('How do I bake sourdough bread?')).toEqual([]);
  });
});

describe('context', () => {
  const concepts: RetrievedConcept[] = [
    {
      id: 'runc',
      name: { en: 'runc', ko: 'runc' },
      category: 'runtime',
      summary: { en: 'runc starts containers.', ko: 'runc는 컨테이너를 띄운다.' },
      score: 1,
      how: 'named',
      matched: 'runc',
    },
  ];
  const fact = (n: number): RetrievedFact => ({
    id: `f${n}`,
    sentence: { en: `fact number ${n}`, ko: `사실 ${n}` },
    subject: { id: 'runc', name: { en: 'runc', ko: 'runc' } },
    type: 'USES',
    object: { id: 'x', name: { en: 'x', ko: 'x' } },
    confidence: 1,
    score: 1 / n,
    citations: [n],
  });
  const facts = [1, 2, 3, 4].map(fact);
  const citations: NumberedCitation[] = [1, 2, 3, 4].map((n) => ({
    n,
    sourceId: `s${n}`,
    title: { en: `Source ${n}`, ko: `출처 ${n}` },
    url: null,
    section: null,
  }));

  it('puts definitions first, then numbered facts, then the sources they cite, in the question language', () => {
    const en = contextBlock('en', concepts, facts, citations, 3, 10_000);
    expect(en.split('\n\n').map((part) => part.split('\n')[0])).toEqual([
      'What these are:',
      'Facts from the concept graph (numbers in brackets point to sources):',
      'Sources:',
    ]);
    expect(en).toContain('- runc: runc starts containers.');
    expect(contextBlock('ko', concepts, facts, citations, 3, 10_000)).toContain('- runc: runc는 컨테이너를 띄운다.');
  });

  it('drops the lowest-ranked facts, and the sources only they cite, to fit the budget', () => {
    const full = contextBlock('en', concepts, facts, citations, 3, 10_000);
    const budget = full.length - 20;
    const cut = contextBlock('en', concepts, facts, citations, 3, budget);
    expect([...cut].length).toBeLessThanOrEqual(budget);
    expect(cut).toContain('1. fact number 1. [1]');
    expect(cut).not.toContain('fact number 4');
    expect(cut).not.toContain('[4] Source 4');
  });

  it('stays within even a tiny budget', () => {
    expect([...contextBlock('en', concepts, facts, citations, 3, 40)].length).toBeLessThanOrEqual(40);
  });

  it('says so when there are no facts, without definitions', () => {
    expect(contextBlock('ko', concepts, [], [], 3, 1000)).toBe('개념 그래프에서 이 질문에 관련된 사실을 찾지 못했습니다.');
  });
});
