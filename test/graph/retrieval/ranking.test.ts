// The retrieval pipeline's pure parts on a small hand-made graph: no database. The rules here are the
// hand-structured layer's, so the learned layer (fitted to the seed graph, and checked on it in
// test/routes/retrieve.int.test.ts) is switched off while they run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextBlock } from '../../../src/graph/retrieval/context.js';
import { linkTermsOf, matchDescribed } from '../../../src/graph/retrieval/described.js';
import {
  buildRetrievalIndex,
  buildRetrievalIndexInSlices,
  type ConceptRow,
  type RelationRow,
  type RetrievalIndex,
} from '../../../src/graph/retrieval/graph-index.js';
import { alternativesTo, bridgingRelations, reasonRelations } from '../../../src/graph/retrieval/graph-walk.js';
import { hangulPrefixes } from '../../../src/graph/retrieval/index-terms.js';
import { identityTable, type LearnedTable, useLearnedTable } from '../../../src/graph/retrieval/learned.js';
import { matchNamed } from '../../../src/graph/retrieval/matching.js';
import { connectingRelations } from '../../../src/graph/retrieval/paths.js';
import { askedTypes, readQuestion, type TypeCues } from '../../../src/graph/retrieval/question.js';
import { rankFacts } from '../../../src/graph/retrieval/ranking.js';
import type { NumberedCitation, RetrievedConcept, RetrievedFact } from '../../../src/graph/retrieval/schema.js';

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
let fitted: LearnedTable;
beforeAll(() => {
  fitted = useLearnedTable(identityTable);
});
afterAll(() => {
  useLearnedTable(fitted);
});
const idOf = (n: number) => index.concepts[n]?.id;
/** The small graph again, with the questions one relation answers (`askedAs`). */
const indexAsked = (id: string, askedAs: { en: string[]; ko: string[] }) =>
  buildRetrievalIndex(
    concepts,
    relations.map((r) => (r.id === id ? { ...r, askedAs } : r)),
    new Set(['REQUIRES']),
  );
/** A small index from [id, English name, summary] concepts and [subject, type, object] relations. */
const tinyIndex = (cs: ([string, string, string] | [string, string, string, string[]])[], rs: [string, string, string][]) =>
  buildRetrievalIndex(
    cs.map(([id, en, summary, aliases]) => concept(id, en, en, summary, aliases)),
    rs.map(([s, type, o]) => relation(s, type, o)),
    new Set(['REQUIRES']),
  );

/** The ids of the concepts a question names, in the order found. */
function namedIn(within: RetrievalIndex, query: string): (string | undefined)[] {
  return matchNamed(within, readQuestion(query)).hits.map((h) => within.concepts[h.concept]?.id);
}

function seedsOf(query: string, within = index) {
  const question = readQuestion(query);
  const named = matchNamed(within, question);
  return { question, excluded: named.excluded, ...matchDescribed(within, question, named.hits, named.claimedTokens) };
}

describe('matching', () => {
  it('sets aside the concepts an exclusion names, in either language, and keeps the others', () => {
    for (const query of [
      'Which runtimes other than containerd and runc does Kubernetes use?',
      'containerd와 runc 말고 쿠버네티스가 쓰는 런타임은?',
    ]) {
      const named = matchNamed(index, readQuestion(query));
      expect(
        named.hits.map((h) => idOf(h.concept)),
        query,
      ).toEqual(['kubernetes']);
      expect([...named.excluded].map(idOf).sort(), query).toEqual(['containerd', 'runc']);
    }
  });

  it('ends a Korean exclusion list at a name marked as the subject or topic: it is who the question is about', () => {
    for (const [query, excluded] of [
      ['containerd랑 runc 말고 쿠버네티스가 쓰는 런타임은?', ['containerd', 'runc']],
      ['쿠버네티스가 runc 말고 쓰는 런타임은?', ['runc']],
      ['Which runtimes other than containerd, runc does Kubernetes use?', ['containerd', 'runc']],
      ['containerd, runc 말고 쿠버네티스가 쓰는 런타임은?', ['containerd', 'runc']],
    ] as const) {
      const named = matchNamed(index, readQuestion(query));
      expect([...named.excluded].map(idOf).sort(), query).toEqual(excluded);
      expect(
        named.hits.map((h) => idOf(h.concept)),
        query,
      ).toContain('kubernetes');
    }
  });

  it('keeps both sides of a comparison that drops one for the other ("X 말고 Y로 가자는데, 뭐가 달라?")', () => {
    for (const query of [
      'runc 말고 containerd로 가자는데 둘이 뭐가 다른가요?',
      'should we pick containerd instead, except runc? how do they compare',
    ]) {
      const named = matchNamed(index, readQuestion(query));
      expect([...named.excluded], query).toEqual([]);
      expect(named.hits.map((h) => idOf(h.concept)).sort(), query).toEqual(['containerd', 'runc']);
    }
    // With two sides left beside it, the exclusion is one.
    const named = matchNamed(index, readQuestion('Other than Kubernetes, how do containerd and runc compare?'));
    expect([...named.excluded].map(idOf)).toEqual(['kubernetes']);
  });

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

  it('finds a concept from the phrases that describe it (describedAs), which its summary does not use', () => {
    const podman = concept('podman', 'Podman', 'Podman', 'A container engine that starts containers without a long-running service.');
    const question = 'the daemonless lookalike from red hat';
    const find = (extra: ConceptRow) => {
      const small = buildRetrievalIndex([...concepts, extra], [...relations, relation('podman', 'USES', 'runc')], new Set(['REQUIRES']));
      return seedsOf(question, small).hits.find((h) => small.concepts[h.concept]?.id === 'podman')?.how;
    };
    expect(find(podman)).toBeUndefined();
    const withPhrases = { ...podman, describedAs: { en: ['the daemonless Docker alternative from Red Hat'], ko: [] } };
    expect(find(withPhrases)).toBe('described');
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
  const rank = (query: string, maxFacts = 5, within = index) => {
    const { question, hits, shared, excluded } = seedsOf(query, within);
    return rankFacts(within, {
      seeds: hits,
      asked: new Set(),
      shared,
      learningOrder: question.learningOrder,
      why: question.why,
      comparison: question.comparison,
      anaphor: question.anaphor,
      excluded,
      maxFacts,
      breadth: 1,
    }).map((fact) => within.relations[fact.relation]?.id);
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

  it('answers "other than X" with the other kinds of what X is, and nothing of X itself', () => {
    const kinds = tinyIndex(
      [
        ['containerd', 'containerd', 'A runtime.'],
        ['cri-o', 'CRI-O', 'Another runtime.'],
        ['runtime', 'Container runtime', 'Software that runs containers.'],
        ['cri', 'CRI', 'The interface the kubelet calls.'],
      ],
      [
        ['containerd', 'IS_A', 'runtime'],
        ['cri-o', 'IS_A', 'runtime'],
        ['cri-o', 'IMPLEMENTS', 'cri'],
      ],
    );
    const facts = rank('Anything other than containerd?', 5, kinds);
    expect(facts).toContain('cri-o:IS_A:runtime');
    expect(facts.some((id) => id?.startsWith('containerd:'))).toBe(false);
  });

  it("ranks first the fact whose askedAs questions share the question's words about the link, when the learned layer weighs them", () => {
    const topFact = (within: RetrievalIndex, query: string) => {
      const question = readQuestion(query);
      const named = matchNamed(within, question);
      const { hits, shared } = matchDescribed(within, question, named.hits, named.claimedTokens);
      return rankFacts(within, {
        seeds: hits,
        asked: new Set(),
        shared,
        terms: linkTermsOf(question, named.claimedTokens),
        learningOrder: false,
        why: false,
        comparison: false,
        anaphor: [],
        maxFacts: 3,
        breadth: 1,
      }).map((fact) => within.relations[fact.relation]?.id)[0];
    };
    const withPhrases = indexAsked('docker-daemon:SENDS_REQUESTS_TO:containerd', {
      en: ['Which process calls the containerd API to get work done?'],
      ko: ['containerd에게 일을 요청하는 프로세스는?'],
    });
    // Weighed by a coefficient, or by a tree re-ranking the pool (a link word or more: +4).
    const tables: LearnedTable[] = [
      { scoreExponent: 1, coefficients: { linkWords: 2 } },
      {
        scoreExponent: 1,
        coefficients: {},
        trees: { features: ['hand', 'linkWords'], trees: [{ feature: [1], threshold: [0.5], left: [~0], right: [~1], leaf: [0, 4] }] },
      },
    ];
    for (const table of tables) {
      const previous = useLearnedTable(table);
      try {
        // A Korean stem longer than the link word (요청해대 of 요청) still matches it.
        for (const query of ['Who talks to containerd over its API?', 'containerd한테 일을 요청해대는 건 누구야?']) {
          expect(topFact(index, query), query).not.toBe('docker-daemon:SENDS_REQUESTS_TO:containerd');
          expect(topFact(withPhrases, query), query).toBe('docker-daemon:SENDS_REQUESTS_TO:containerd');
        }
      } finally {
        useLearnedTable(previous);
      }
    }
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

describe('reading what a question asks', () => {
  const cues: TypeCues[] = [
    { key: 'IS_A', en: new Set(['what', 'kind']), ko: ['무엇', '종류'] },
    { key: 'CREATES', en: new Set(['creat', 'start']), ko: ['생성'] },
    { key: 'BUILT_FROM', en: new Set(['build']), ko: ['빌드'] },
    { key: 'HAS_STRENGTH', en: new Set(['why', 'advantag']), ko: ['이점', '이유'] },
    { key: 'CONTRASTS_WITH', en: new Set(['differ']), ko: ['차이'] },
  ];
  const asked = (query: string) => {
    const question = readQuestion(query);
    return [...askedTypes(question, cues, matchNamed(index, question).claimedTokens).types].sort();
  };

  it('takes question words as cues only when no content word asks for a type', () => {
    expect(asked('what creates a container?')).toEqual(['CREATES']);
    expect(asked('what is runc?')).toEqual(['IS_A']);
  });

  it('does not read a word of a name as a cue, nor a Korean cue inside a longer word', () => {
    expect(asked('what is the docker daemon build')).toEqual(['BUILT_FROM']);
    expect(asked('the docker daemon')).toEqual([]);
    expect(asked('가상 머신과 컨테이너의 차이점은?')).toEqual(['CONTRASTS_WITH']);
  });

  it('keeps "why" beside the types the rest of the question asks for', () => {
    expect(asked('why does runc create containers?')).toEqual(['CREATES', 'HAS_STRENGTH']);
  });

  it('tells reasons, comparisons, negations and words that point back, in both languages', () => {
    expect(readQuestion('Why are containers light?').why).toBe(true);
    expect(readQuestion('컨테이너가 가벼운 이유는?').why).toBe(true);
    expect(readQuestion('How do namespaces and cgroups differ?').comparison).toBe(true);
    expect(readQuestion('컨테이너가 가상 머신보다 빠른가?').comparison).toBe(true);
    expect(readQuestion('What does runc create?').comparison).toBe(false);
    expect(readQuestion('What does a VM have that a container does not?').negated).toBe(true);
    expect(readQuestion('VM에는 있고 컨테이너에는 없는 것').negated).toBe(true);
    expect(readQuestion('Which runtime does Kubernetes use, and what does that runtime call?').anaphor).toEqual(['runtim']);
    expect(readQuestion('그 런타임은 무엇을 부르나요?').anaphor).toEqual([]);
    expect(readQuestion('쿠버네티스는 어떤 런타임을 쓰고, 그 런타임은 무엇을 부르나요?').anaphor).toEqual(['런타임']);
  });
});

describe('linking the question to the graph', () => {
  const small = buildRetrievalIndex(
    [
      concept('vm', 'Virtual machine', '가상 머신', 'A whole computer on a hypervisor, with its own guest kernel.'),
      concept('container', 'Container', '컨테이너', 'An isolated process on the host kernel.'),
      concept('hypervisor', 'Hypervisor', '하이퍼바이저', 'Software that runs virtual machines.'),
      concept('speed', 'I/O performance', 'I/O 성능', 'How quickly work reaches devices.'),
      concept('kernel', 'Linux kernel', '리눅스 커널', 'The core of the operating system.', ['host kernel']),
      concept('selinux', 'SELinux', '셀리눅스', 'A security module that labels files.'),
      concept('buildx', 'Buildx', 'Buildx', 'A plugin that extends the build command.'),
      concept('yaml-a', 'Alpha', '알파', 'Reads a text file of settings.'),
      concept('yaml-b', 'Beta', '베타', 'Reads a text file of rules.'),
    ],
    [
      relation('vm', 'USES', 'hypervisor'),
      relation('container', 'SHARES', 'kernel'),
      relation('container', 'HAS_STRENGTH', 'speed'),
      relation('vm', 'HAS_WEAKNESS', 'speed'),
      relation('selinux', 'PART_OF', 'kernel'),
    ],
    new Set(['REQUIRES']),
  );
  const relationId = (r: number) => small.relations[r]?.id;
  const nodeOf = (id: string) => small.byId.get(id) ?? -1;

  it("marks the facts a concept's own summary names", () => {
    const salient = Object.fromEntries(small.relations.map((r) => [r.id, r.salient]));
    // Both summaries name the other end here.
    expect(salient['vm:USES:hypervisor']).toBe(3);
    expect(salient['container:SHARES:kernel']).toBe(1);
    expect(salient['selinux:PART_OF:kernel']).toBe(0);
  });

  it('finds the neighbours two concepts share, and the facts that say opposite things of them', () => {
    const { bridges, opposite } = bridgingRelations(small, [nodeOf('vm'), nodeOf('container')], () => true);
    expect([...bridges].map(relationId).sort()).toEqual(['container:HAS_STRENGTH:speed', 'vm:HAS_WEAKNESS:speed']);
    expect([...opposite].map(relationId).sort()).toEqual(['container:HAS_STRENGTH:speed', 'vm:HAS_WEAKNESS:speed']);
  });

  it("finds a why-question's reasons: the link to what a concept works by, and that mechanism's share of its strength", () => {
    const why = tinyIndex(
      [
        ['container', 'Container', 'An isolated process.'],
        ['sharing', 'Kernel sharing', 'Running on the host kernel.'],
        ['image', 'Image', 'A template.'],
        ['speed', 'I/O performance', 'How quickly work reaches devices.'],
        ['security', 'Security isolation', 'How well workloads are kept apart.'],
      ],
      [
        ['container', 'HAS_STRENGTH', 'speed'],
        ['container', 'USES', 'sharing'],
        ['container', 'INSTANCE_OF', 'image'],
        ['sharing', 'HAS_STRENGTH', 'speed'],
        ['sharing', 'HAS_WEAKNESS', 'security'],
        ['image', 'HAS_STRENGTH', 'security'],
      ],
    );
    const reasons = reasonRelations(why, [why.byId.get('container') ?? -1], () => true);
    // Not the image: the container has no security strength for the image to explain, and INSTANCE_OF explains nothing.
    expect([...reasons].map((r) => why.relations[r]?.id).sort()).toEqual(['container:USES:sharing', 'sharing:HAS_STRENGTH:speed']);
  });

  it('answers "what sits between" with a path through a third concept, not the direct link, nor a contrast', () => {
    const stack = tinyIndex(
      [
        ['containerd', 'containerd', 'A runtime.'],
        ['shim', 'containerd-shim', 'A small process per container.'],
        ['runc', 'runc', 'A low-level runtime.'],
        ['cri-o', 'CRI-O', 'Another runtime.'],
      ],
      [
        ['containerd', 'MANAGES', 'runc'],
        ['cri-o', 'CONTRASTS_WITH', 'containerd'],
        ['cri-o', 'MANAGES', 'runc'],
        ['containerd', 'CREATES', 'shim'],
        ['shim', 'USES', 'runc'],
      ],
    );
    const ends = ['containerd', 'runc'].map((id) => stack.byId.get(id) ?? -1);
    const path = (between: boolean) => [...connectingRelations(stack, ends, () => true, between).keys()].map((r) => stack.relations[r]?.id);
    expect(path(false)).toEqual(['containerd:MANAGES:runc']);
    expect(path(true)).toEqual(['containerd:CREATES:shim', 'shim:USES:runc']);
    expect(readQuestion('What sits between containerd and runc?').between).toBe(true);
    expect(readQuestion('containerd와 runc 중간에는 뭐가 있어?').between).toBe(true);
    expect(readQuestion('How does containerd use runc?').between).toBe(false);
  });

  it('follows the chain of work between two concepts through specific ones, beside the shortest path through a class', () => {
    const stack = tinyIndex(
      [
        ['daemon', 'Docker daemon', 'The service.'],
        ['runtime', 'Container runtime', 'A class of programs.'],
        ['containerd', 'containerd', 'A runtime.'],
        ['runc', 'runc', 'A low-level runtime.'],
        ['container', 'Container', 'A process.'],
      ],
      [
        ['daemon', 'SENDS_REQUESTS_TO', 'runtime'],
        ['runtime', 'MANAGES', 'container'],
        ['containerd', 'IS_A', 'runtime'],
        ['daemon', 'SENDS_REQUESTS_TO', 'containerd'],
        ['containerd', 'USES', 'runc'],
        ['runc', 'CREATES', 'container'],
      ],
    );
    const ends = ['daemon', 'container'].map((id) => stack.byId.get(id) ?? -1);
    const onPath = [...connectingRelations(stack, ends, () => true).keys()].map((r) => stack.relations[r]?.id);
    // The shortest path goes through the class; the daemon hands the work to containerd, which runs runc.
    expect(onPath).toEqual([
      'daemon:SENDS_REQUESTS_TO:runtime',
      'runtime:MANAGES:container',
      'daemon:SENDS_REQUESTS_TO:containerd',
      'containerd:USES:runc',
      'runc:CREATES:container',
    ]);
  });

  it('follows the chain of work round a direct link, a hop longer, when the question asks how the work passes along', () => {
    const stack = tinyIndex(
      [
        ['run', 'docker run', 'The command.'],
        ['daemon', 'Docker daemon', 'The service.'],
        ['containerd', 'containerd', 'A runtime.'],
        ['runc', 'runc', 'A low-level runtime.'],
        ['container', 'Container', 'A process.'],
      ],
      [
        ['run', 'CREATES', 'container'],
        ['run', 'SENDS_REQUESTS_TO', 'daemon'],
        ['daemon', 'SENDS_REQUESTS_TO', 'containerd'],
        ['containerd', 'USES', 'runc'],
        ['runc', 'CREATES', 'container'],
      ],
    );
    const ends = ['run', 'container'].map((id) => stack.byId.get(id) ?? -1);
    const onPath = (flow: boolean) =>
      [...connectingRelations(stack, ends, () => true, false, flow).keys()].map((r) => stack.relations[r]?.id);
    expect(onPath(false)).toEqual(['run:CREATES:container']);
    expect(onPath(true)).toEqual([
      'run:CREATES:container',
      'run:SENDS_REQUESTS_TO:daemon',
      'daemon:SENDS_REQUESTS_TO:containerd',
      'containerd:USES:runc',
      'runc:CREATES:container',
    ]);
  });

  it('reads a name that is a function word only as written ("FROM", not "from")', () => {
    const files = tinyIndex(
      [
        ['from', 'FROM instruction', 'The first line of a Dockerfile.', ['FROM']],
        ['run', 'docker run', 'Starts a container.'],
      ],
      [['run', 'USES', 'from']],
    );
    const named = (query: string) => namedIn(files, query);
    expect(named('What does FROM pick in a Dockerfile?')).toEqual(['from']);
    expect(named('Dockerfile의 FROM은 무엇을 지정해?')).toEqual(['from']);
    expect(named('walk me through docker run from the command down')).toEqual(['run']);
  });

  it('finds the other kinds of what a set-aside concept is a kind of', () => {
    const kinds = tinyIndex(
      [
        ['containerd', 'containerd', 'A runtime.'],
        ['cri-o', 'CRI-O', 'Another runtime.'],
        ['runc', 'runc', 'A low-level runtime.'],
        ['high', 'High-level runtime', 'A kind of runtime.'],
        ['low', 'Low-level runtime', 'Another kind of runtime.'],
      ],
      [
        ['containerd', 'IS_A', 'high'],
        ['cri-o', 'IS_A', 'high'],
        ['runc', 'IS_A', 'low'],
        ['containerd', 'USES', 'runc'],
      ],
    );
    const of = (id: string) => alternativesTo(kinds, kinds.byId.get(id) ?? -1, () => true).map((n) => kinds.concepts[n]?.id);
    expect(of('containerd')).toEqual(['cri-o']);
    expect(of('runc')).toEqual([]);
  });

  it('reads no typo across a word boundary, and no ordinary word as a typo of a name', () => {
    const named = (query: string) => namedIn(small, query);
    expect(named('libcontainer는 리눅스 커널의 기능')).toEqual(['kernel']);
    expect(named('셀리눅스는 뭐야')).toEqual(['selinux']);
    expect(named('which steps does a build run')).toEqual([]);
    expect(named('what does buildz do')).toEqual(['buildx']);
  });

  it('reads a Latin name written with other spacing, in either language, the longer name winning', () => {
    const spaced = tinyIndex(
      [
        ['healthcheck', 'HEALTHCHECK', 'A probe that reports whether a container still works.'],
        ['wsl2', 'WSL 2', 'A Linux kernel in a light VM on Windows.'],
        ['replicaset', 'ReplicaSet', 'Keeps a number of pods running.'],
        ['docker', 'Docker', 'A platform for containers.'],
        ['dockerfile', 'Dockerfile', 'The recipe an image is built from.'],
      ],
      [],
    );
    const named = (query: string) => namedIn(spaced, query);
    expect(named('what does a health check report?')).toEqual(['healthcheck']);
    expect(named('WSL2는 뭐야?')).toEqual(['wsl2']);
    expect(named('how many pods do replica sets keep?')).toEqual(['replicaset']);
    expect(named('Docker file에는 뭘 적어?')).toEqual(['dockerfile']);
    expect(named('does docker read the file?')).toEqual(['docker']);
  });

  it('allows a typo as many edits as the shorter of the word and the name: "biggest" is no "digest"', () => {
    const digests = tinyIndex([['image-digest', 'Digest', 'A hash that pins one image.']], []);
    const named = (query: string) => namedIn(digests, query);
    expect(named('what is your biggest weakness?')).toEqual([]);
    expect(named('what does a diggest pin?')).toEqual(['image-digest']);
  });

  it("takes no description made of everyday words, and still takes one made of the trade's", () => {
    const hypervisors = tinyIndex(
      [
        ['hypervisor', 'Hypervisor', 'Software that keeps guest kernels apart and does the real work behind the virtual hardware.'],
        ['kernel', 'Kernel', 'The core of an operating system.'],
        ['image', 'Image', 'A template for containers.'],
      ],
      [['hypervisor', 'RUNS_ON', 'kernel']],
    );
    const described = (query: string) =>
      matchDescribed(hypervisors, readQuestion(query), [], new Set())
        .hits.filter((h) => h.how === 'described')
        .map((h) => hypervisors.concepts[h.concept]?.id);
    expect(described('who keeps doing the real work behind the scenes?')).toEqual([]);
    expect(described('what keeps guest kernels apart on virtual hardware?')).toEqual(['hypervisor']);
  });

  it('does not take a description that fits several concepts by the same words', () => {
    const question = readQuestion('something that reads a text file');
    const described = matchDescribed(small, question, [], new Set()).hits.filter((h) => h.how === 'described');
    expect(described).toEqual([]);
  });
});

describe('building the index', () => {
  it("reads a fact's askedAs questions as its link words, leaving out the names of its two ends", () => {
    const built = indexAsked('containerd:USES:runc', {
      en: ['What does containerd hand each container start to?'],
      ko: ['containerd는 컨테이너 실행을 누구에게 맡겨?'],
    });
    const link = built.relations.find((r) => r.id === 'containerd:USES:runc')?.linkTerms;
    expect([...(link ?? [])]).toEqual(expect.arrayContaining(['hand', 'start']));
    expect(link?.has('containerd')).toBe(false);
    expect(built.relations.find((r) => r.id === 'runc:CREATES:container')?.linkTerms).toBeUndefined();
    expect(built.linkIdf.get('hand')).toBeGreaterThan(0);
    expect(hangulPrefixes('실행시킬')).toEqual(['실행시', '실행']);
    expect(hangulPrefixes('start')).toEqual([]);
  });

  it('builds in slices the same index as in one go, giving the event loop turns in between', async () => {
    const many = Array.from({ length: 2_000 }, (_, i) =>
      concept(`c-${i}`, `Concept ${i}`, `개념 ${i}`, `Generated concept ${i} next to concept ${(i * 7) % 2_000}.`, [`alias ${i}`]),
    );
    const links = Array.from({ length: 6_000 }, (_, i) =>
      relation(`c-${i % 2_000}`, i % 3 === 0 ? 'REQUIRES' : 'USES', `c-${(i * 13 + 1) % 2_000}`),
    );
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const sliced = await buildRetrievalIndexInSlices(many, links, new Set(['REQUIRES']), 1);
    clearInterval(ticker);
    const whole = buildRetrievalIndex(many, links, new Set(['REQUIRES']));
    expect(turns).toBeGreaterThan(2);
    expect(sliced.concepts.map((c) => c.id)).toEqual(whole.concepts.map((c) => c.id));
    expect(sliced.relations).toEqual(whole.relations);
    expect([...sliced.idf]).toEqual([...whole.idf]);
    expect(sliced.lexicon).toEqual(whole.lexicon);
    expect([...sliced.linkIdf]).toEqual([...whole.linkIdf]);
    // Two builds of 2,000 concepts take seconds of CPU on a busy shared machine.
  }, 30_000);
});
