// The quiz rules without a database (src/graph/quiz-rules.ts and its parts in src/graph/quiz/): the fact base's
// judgements, the seeded randomness, the phrasing, how questions are built from a small graph, and which
// concepts the loader can afford to judge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalogue, type RelationType } from '../../../src/graph/catalogue.js';
import type { Relation } from '../../../src/graph/model.js';
import { distractorRule, sameKind, typesOverlap, wrongChoicesAllowed } from '../../../src/graph/quiz/distractors.js';
import { type Fact, FactBase, hierarchyTypes, type QuizConcept } from '../../../src/graph/quiz/fact-base.js';
import { multipleChoicePrompt, renderWithBlank, whichOfThese } from '../../../src/graph/quiz/phrasing.js';
import { distractorCandidates } from '../../../src/graph/quiz/plausibility.js';
import { questionBuilders, wrongChoices } from '../../../src/graph/quiz/questions.js';
import { randomFrom, shuffle } from '../../../src/graph/quiz/random.js';
import { quizTuning } from '../../../src/graph/quiz/tuning.js';
import { chooseAround, quizLimits } from '../../../src/graph/quiz.js';
import { buildQuizSteps } from '../../../src/graph/quiz-rules.js';
import { useArticles } from '../../../src/graph/sentences.js';
import { must } from '../../../src/must.js';

function relationType(key: string, forward: string, inverse: string, extra: Partial<RelationType> = {}): RelationType {
  return {
    key,
    symmetric: false,
    learningOrder: false,
    hierarchy: false,
    description: { en: key, ko: key },
    forward: { en: forward, ko: `{s}은(는) {o}와(과) ${key}` },
    inverse: { en: inverse, ko: `{o}은(는) {s}와(과) ${key}` },
    keywords: { en: [], ko: [] },
    ...extra,
  };
}

const catalogue = new Catalogue(
  [
    relationType('IS_A', '{s} is a kind of {o}', '{o} has the kind {s}', { hierarchy: true }),
    relationType('PART_OF', '{s} is part of {o}', '{o} has the part {s}'),
    relationType('USES', '{s} uses {o}', '{o} is used by {s}'),
    relationType('MANAGES', '{s} manages {o}', '{o} is managed by {s}'),
    relationType('CONTRASTS_WITH', '{s} contrasts with {o}', '{o} contrasts with {s}', { symmetric: true }),
    relationType('SENDS_REQUESTS_TO', '{s} sends requests to {o}', '{o} receives requests from {s}'),
    relationType('IMPLEMENTS', '{s} implements {o}', '{o} is implemented by {s}'),
  ],
  [],
  [],
);

const fact = (line: string): Fact => {
  const [subject, type, object] = line.split(' ') as [string, string, string];
  return { subject, type, object };
};

const graph = [
  'runc IS_A low-level-runtime',
  'crun IS_A low-level-runtime',
  'low-level-runtime IS_A runtime',
  'containerd IS_A runtime',
  'containerd USES runc',
  'runc USES cgroups',
  'runc USES namespaces',
  'kubernetes USES containerd',
  'docker-cli IS_A client',
  'client USES daemon',
  'vm CONTRASTS_WITH container',
].map(fact);

const categoryOf: Record<string, string> = {
  runc: 'runtime',
  crun: 'runtime',
  'low-level-runtime': 'runtime',
  runtime: 'runtime',
  containerd: 'runtime',
  kubernetes: 'platform',
  cgroups: 'kernel-feature',
  namespaces: 'kernel-feature',
  'docker-cli': 'tool',
  client: 'component',
  daemon: 'component',
  vm: 'infrastructure',
  container: 'infrastructure',
  youki: 'runtime',
  gvisor: 'runtime',
  kata: 'runtime',
  'cri-o': 'runtime',
  seccomp: 'kernel-feature',
  apparmor: 'kernel-feature',
};
const conceptsOf = (ids: Iterable<string>, aliases: Record<string, string[]> = {}) =>
  new Map<string, QuizConcept>(
    [...ids].map((id) => [
      id,
      { id, name: { en: id, ko: id }, aliases: { en: aliases[id] ?? [], ko: [] }, category: categoryOf[id] ?? 'idea' },
    ]),
  );

function factBase(facts: Fact[] = graph): FactBase {
  const steps = new FactBase(
    hierarchyTypes(catalogue),
    catalogue.relationTypes.filter((t) => t.symmetric).map((t) => t.key),
  ).add(facts);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

describe('FactBase', () => {
  const facts = factBase();

  it('knows the kinds and parts of the hierarchy types', () => {
    expect([...hierarchyTypes(catalogue)].sort()).toEqual(['IS_A', 'PART_OF']);
  });

  it('states a fact as given, and a symmetric one either way round', () => {
    expect(facts.states('containerd', 'USES', 'runc')).toBe(true);
    expect(facts.states('runc', 'USES', 'containerd')).toBe(false);
    expect(facts.states('container', 'CONTRASTS_WITH', 'vm')).toBe(true);
  });

  it('takes a family up and down the hierarchy, but not sideways to siblings', () => {
    expect([...facts.family('runc')].sort()).toEqual(['low-level-runtime', 'runc', 'runtime']);
    expect([...facts.family('low-level-runtime')].sort()).toEqual(['crun', 'low-level-runtime', 'runc', 'runtime']);
    expect(facts.family('runc').has('crun')).toBe(false);
  });

  it('holds a fact in the family and in two steps of its type', () => {
    // containerd uses runc, which uses cgroups.
    expect(facts.holdsInFamily('containerd', 'USES', 'cgroups')).toBe(true);
    // The Docker CLI is a kind of client, and the client uses the daemon.
    expect(facts.holdsInFamily('docker-cli', 'USES', 'daemon')).toBe(true);
    expect(facts.holdsInFamily('kubernetes', 'USES', 'cgroups')).toBe(false);
  });

  it('lists every candidate that makes "subject TYPE ____" true', () => {
    expect(facts.objectsOf('runc', 'USES', ['namespaces', 'cgroups', 'daemon'])).toEqual(['namespaces', 'cgroups']);
    expect(facts.objectsOf('container', 'CONTRASTS_WITH', ['vm', 'runc'])).toEqual(['vm']);
  });

  it('follows a symmetric type either way round in two steps, and never back to where it started', () => {
    // A pair is stored once, from either end: docker create and docker start both contrast with docker run.
    const pairs = factBase([fact('create CONTRASTS_WITH run'), fact('start CONTRASTS_WITH run')]);
    expect(pairs.holdsInFamily('create', 'CONTRASTS_WITH', 'start')).toBe(true);
    expect(pairs.holdsInFamily('start', 'CONTRASTS_WITH', 'create')).toBe(true);
    // There and back is no fact: two parts of a CLI that contrasts with nerdctl do not contrast with each other.
    const parts = factBase([fact('exec PART_OF cli'), fact('start PART_OF cli'), fact('nerdctl CONTRASTS_WITH cli')]);
    expect(parts.holdsInFamily('start', 'CONTRASTS_WITH', 'exec')).toBe(false);
  });

  it('takes facts in with a step per thousand, each fact once', () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({ subject: `c${i}`, type: 'USES', object: 'hub' }));
    const steps = new FactBase(new Set(['IS_A']), []).add([...many, ...many]);
    let yields = 0;
    let result = steps.next();
    while (!result.done) {
      yields++;
      result = steps.next();
    }
    expect(yields).toBe(5);
    expect(result.value.neighbours('hub').size).toBe(2500);
  });
});

describe('distractorRule', () => {
  const facts = factBase();
  const graphOf = (base = facts, concepts = conceptsOf(Object.keys(categoryOf))) => ({ facts: base, concepts });
  const usesRunc = { fixed: 'containerd', type: 'USES', slot: 'o' as const, answer: 'runc' };

  it("accepts a concept of the answer's kind that nothing in the graph makes arguably right", () => {
    expect(distractorRule(graphOf(), usesRunc, 'crun')).toBe(true);
  });

  it('rejects a concept of another kind, however false the claim', () => {
    // The daemon is a component, runc a runtime: a wrong choice a learner rules out without knowing anything.
    expect(distractorRule(graphOf(), usesRunc, 'daemon')).toBe(false);
    expect(distractorRule(graphOf(), usesRunc, 'vm')).toBe(false);
  });

  it('takes a kind to be a category or a direct parent in common', () => {
    const { concepts } = graphOf();
    expect(sameKind(graphOf(), 'runc', 'crun')).toBe(true);
    expect(sameKind(graphOf(), 'runc', 'cgroups')).toBe(false);
    // Different categories, one whole: two parts of Docker Engine are of one kind.
    const parts = factBase([fact('daemon PART_OF engine'), fact('docker-cli PART_OF engine')]);
    expect(sameKind({ facts: parts, concepts }, 'daemon', 'docker-cli')).toBe(true);
  });

  it('rejects what the graph makes arguably right: a fact in two steps, a kind or whole, a link by an overlapping type', () => {
    // containerd uses runc, which uses cgroups; and cgroups is not of runc's kind either.
    expect(distractorRule(graphOf(), { ...usesRunc, answer: 'runc' }, 'cgroups')).toBe(false);
    expect(distractorRule(graphOf(), usesRunc, 'low-level-runtime')).toBe(false);
    expect(distractorRule(graphOf(), usesRunc, 'runc')).toBe(false);
    expect(distractorRule(graphOf(), usesRunc, 'containerd')).toBe(false);
    // kubernetes uses containerd: USES overlaps USES. A platform, too.
    expect(distractorRule(graphOf(), usesRunc, 'kubernetes')).toBe(false);
  });

  it('accepts a concept linked to the subject only by a type that never makes the asked one true', () => {
    const base = factBase([...graph, fact('containerd CONTRASTS_WITH crun')]);
    expect(typesOverlap('USES', 'CONTRASTS_WITH')).toBe(false);
    expect(typesOverlap('MANAGES', 'USES')).toBe(true);
    expect(distractorRule(graphOf(base), usesRunc, 'crun')).toBe(true);
    const managed = factBase([...graph, fact('containerd MANAGES crun')]);
    expect(distractorRule(graphOf(managed), usesRunc, 'crun')).toBe(false);
  });

  it('offers no wrong choices where the graph cannot vouch for them: broad types, strengths, weaknesses, and the whole a part belongs to', () => {
    expect(wrongChoicesAllowed('USES', 's')).toBe(false);
    expect(wrongChoicesAllowed('RUNS_ON', 'o')).toBe(false);
    expect(wrongChoicesAllowed('PART_OF', 'o')).toBe(false);
    expect(wrongChoicesAllowed('PART_OF', 's')).toBe(true);
    expect(wrongChoicesAllowed('HAS_STRENGTH', 's')).toBe(false);
    expect(wrongChoicesAllowed('HAS_WEAKNESS', 's')).toBe(false);
    // A server takes requests from clients the graph never names; what a component itself calls may be asked.
    expect(wrongChoicesAllowed('SENDS_REQUESTS_TO', 's')).toBe(false);
    expect(wrongChoicesAllowed('SENDS_REQUESTS_TO', 'o')).toBe(true);
  });

  it('offers no part of the same whole as a wrong choice for who talks to whom', () => {
    // A reviewer's case: "The Docker daemon sends requests to BuildKit" keyed false; both are parts of the
    // engine, and the daemon hands builds to the BuildKit inside it.
    // Here kata stands for BuildKit: of the answer's kind, and a part of the engine the daemon is part of.
    const engine = [
      'daemon PART_OF engine',
      'kata PART_OF engine',
      'daemon SENDS_REQUESTS_TO containerd',
      'kubernetes SENDS_REQUESTS_TO cri-o',
    ].map(fact);
    const base = factBase(engine);
    const graph = graphOf(base, conceptsOf(['daemon', 'kata', 'engine', 'containerd', 'kubernetes', 'cri-o']));
    const asked = { fixed: 'daemon', type: 'SENDS_REQUESTS_TO', slot: 'o' as const, answer: 'containerd' };
    expect(distractorRule(graph, asked, 'kata')).toBe(false);
    expect(distractorRule(graph, asked, 'cri-o')).toBe(true);
  });

  it('offers no part of something tied to the whole as a wrong choice for "Which of these is part of ____?"', () => {
    // A reviewer's case: image layers, part of the image, offered as not part of the container filesystem that
    // is built from the image. The writable layer, part of a container, beside the union view it uses, is the other.
    const partsOf = [
      'layer PART_OF image',
      'diff PART_OF image',
      'upper PART_OF container',
      'mount PART_OF filesystem',
      'manifest PART_OF image',
      'filesystem USES image',
    ].map(fact);
    const base = factBase(partsOf);
    const graph = graphOf(base, conceptsOf(['layer', 'diff', 'upper', 'mount', 'manifest', 'image', 'container', 'filesystem']));
    const asked = { fixed: 'filesystem', type: 'PART_OF', slot: 's' as const, answer: 'mount' };
    expect(distractorRule(graph, asked, 'layer')).toBe(false);
    expect(distractorRule(graph, asked, 'manifest')).toBe(false);
    // A part of a whole the filesystem has no fact with stays a fair wrong choice.
    expect(distractorRule(graph, asked, 'upper')).toBe(true);
  });

  it('offers no wrong choices, either way round, for what manages what or what contrasts with what', () => {
    // A thing has a stack of managers, and a manager handles more than the graph names; "contrasts with" is how
    // people compare things. Neither leaves a wrong choice that is both tempting and surely false.
    for (const slot of ['s', 'o'] as const) {
      expect(wrongChoicesAllowed('MANAGES', slot), `MANAGES ${slot}`).toBe(false);
      expect(wrongChoicesAllowed('CONTRASTS_WITH', slot), `CONTRASTS_WITH ${slot}`).toBe(false);
    }
  });

  it('never states a false claim about what manages what or what contrasts with what', () => {
    // The reviewers' cases: crun beside runc for "containerd manages ____"; an overlay network beside the host
    // network for "a bridge network contrasts with ____". Every draw of a seeded quiz states them true or not at all.
    const base = factBase([
      ...graph,
      fact('containerd MANAGES runc'),
      fact('bridge IS_A networking'),
      fact('host IS_A networking'),
      fact('overlay IS_A networking'),
      fact('bridge CONTRASTS_WITH host'),
    ]);
    const concepts = conceptsOf([...Object.keys(categoryOf), 'bridge', 'host', 'overlay', 'networking']);
    const named = (id: string) => ({ id, name: { en: id, ko: id } });
    const relationOf = (f: Fact): Relation => ({
      id: `${f.subject}:${f.type}:${f.object}`,
      type: f.type,
      subject: named(f.subject),
      object: named(f.object),
      sentence: { en: '', ko: '' },
      confidence: 1,
      sources: [],
      provenance: 'notes',
    });
    for (const asked of [fact('containerd MANAGES runc'), fact('bridge CONTRASTS_WITH host')]) {
      for (let i = 0; i < 20; i++) {
        const random = randomFrom(`claim-${i}`);
        const context = { facts: base, concepts, candidates: () => ({ kin: [...concepts.keys()], near: [] }), random };
        const type = must(catalogue.relationType(asked.type), asked.type);
        expect(questionBuilders['multiple-choice'](context, relationOf(asked), type)).toBeUndefined();
        const claim = questionBuilders['true-false'](context, relationOf(asked), type)?.question;
        if (claim?.kind === 'true-false') expect(claim.answer.value, JSON.stringify(claim.claim)).toBe(true);
      }
    }
  });

  it("rejects a concept whose own facts do something overlapping the asked thing with something of the subject's kind", () => {
    // CRI-O manages runc, a runtime as Kata Containers is: "CRI-O sends requests to Kata Containers" is arguably
    // true though the graph says only that containerd does. Youki, with no such fact, stays a fair wrong choice.
    const base = factBase([...graph, fact('containerd SENDS_REQUESTS_TO kata'), fact('cri-o MANAGES runc')]);
    const runtimes = conceptsOf(Object.keys(categoryOf));
    const sendsToKata = { fixed: 'kata', type: 'SENDS_REQUESTS_TO', slot: 's' as const, answer: 'containerd' };
    expect(distractorRule({ facts: base, concepts: runtimes }, sendsToKata, 'cri-o')).toBe(false);
    expect(distractorRule({ facts: base, concepts: runtimes }, sendsToKata, 'youki')).toBe(true);
  });

  it('rejects a synonym of the answer', () => {
    const concepts = conceptsOf(Object.keys(categoryOf), { crun: ['RUNC'] });
    expect(distractorRule({ facts, concepts }, usesRunc, 'crun')).toBe(false);
  });

  it("rejects a concept whose own facts do the asked thing with something of the subject's kind (the Swarm case)", () => {
    const swarm = [
      'kubernetes IS_A platform',
      'docker-swarm IS_A platform',
      'nomad-like IS_A platform',
      'cluster IS_A logical-resource',
      'swarm IS_A logical-resource',
      'kubernetes MANAGES cluster',
      'docker-swarm MANAGES swarm',
    ].map(fact);
    const concepts = new Map<string, QuizConcept>(
      ['kubernetes', 'docker-swarm', 'nomad-like', 'platform', 'cluster', 'swarm', 'logical-resource'].map((id) => [
        id,
        { id, name: { en: id, ko: id }, aliases: { en: [], ko: [] }, category: id.includes('s') && id !== 'docker-swarm' ? 'x' : 'y' },
      ]),
    );
    const base = factBase(swarm);
    const managesCluster = { fixed: 'cluster', type: 'MANAGES', slot: 's' as const, answer: 'kubernetes' };
    expect(distractorRule({ facts: base, concepts }, managesCluster, 'docker-swarm')).toBe(false);
    expect(distractorRule({ facts: base, concepts }, managesCluster, 'nomad-like')).toBe(true);
  });
});

describe('distractorCandidates', () => {
  const categories: Record<string, string> = {
    kubelet: 'agent',
    shim: 'shim',
    containerd: 'runtime',
    crun: 'runtime',
    youki: 'runtime',
    gvisor: 'runtime',
  };
  const concepts = new Map<string, QuizConcept>(
    Object.entries(categories).map(([id, category]) => [id, { id, name: { en: id, ko: id }, aliases: { en: [], ko: [] }, category }]),
  );
  const receivesFromKubelet = { fixed: 'kubelet', type: 'SENDS_REQUESTS_TO', slot: 'o' as const, answer: 'containerd' };
  const near = () => ({ kin: [], near: ['crun', 'gvisor', 'youki'] });

  it('tries first a candidate that does the asked thing with something else, then its equals, a hub last, for every seed', () => {
    // youki receives requests too, from a shim; crun receives none; gvisor is as plain as crun but has many facts.
    const base = factBase([
      fact('kubelet SENDS_REQUESTS_TO containerd'),
      fact('shim SENDS_REQUESTS_TO youki'),
      ...Array.from({ length: quizTuning.hubFacts + 1 }, (_, i) => fact(`gvisor REQUIRES topic-${i}`)),
    ]);
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const order = distractorCandidates({ facts: base, concepts }, near, receivesFromKubelet, randomFrom(seed));
      expect(order, seed).toEqual(['youki', 'crun', 'gvisor']);
    }
  });

  it('offers that candidate first in a question, for every seed', () => {
    const base = factBase([fact('kubelet SENDS_REQUESTS_TO containerd'), fact('shim SENDS_REQUESTS_TO youki')]);
    const named = (id: string) => ({ id, name: { en: id, ko: id } });
    const asked: Relation = {
      id: 'kubelet:SENDS_REQUESTS_TO:containerd',
      type: 'SENDS_REQUESTS_TO',
      subject: named('kubelet'),
      object: named('containerd'),
      sentence: { en: '', ko: '' },
      confidence: 1,
      sources: [],
      provenance: 'notes',
    };
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const context = { facts: base, concepts, candidates: near, random: randomFrom(seed) };
      expect(wrongChoices(context, asked, 'o', 1), seed).toEqual(['youki']);
    }
  });

  it('keeps each candidate once, and draws the order of equals from the seed', () => {
    const base = factBase([fact('kubelet SENDS_REQUESTS_TO containerd')]);
    const both = () => ({ kin: ['crun', 'gvisor', 'youki'], near: ['crun', 'gvisor', 'youki'] });
    const orders = ['a', 'b', 'c', 'd', 'e', 'f'].map((seed) =>
      distractorCandidates({ facts: base, concepts }, both, receivesFromKubelet, randomFrom(seed)),
    );
    for (const order of orders) expect([...order].sort()).toEqual(['crun', 'gvisor', 'youki']);
    expect(new Set(orders.map((order) => order.join())).size).toBeGreaterThan(1);
    expect(distractorCandidates({ facts: base, concepts }, both, receivesFromKubelet, randomFrom('a'))).toEqual(orders[0]);
  });
});

describe('randomFrom and shuffle', () => {
  it('give the same sequence for the same seed and another for another seed', () => {
    const draw = (seed: string) => Array.from({ length: 5 }, randomFrom(seed));
    expect(draw('lesson-1')).toEqual(draw('lesson-1'));
    expect(draw('lesson-1')).not.toEqual(draw('lesson-2'));
    for (const value of draw('x')) expect(value >= 0 && value < 1, String(value)).toBe(true);
  });

  it('shuffle returns a permutation, the same for the same seed, and leaves its input alone', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f'];
    const once = shuffle(items, randomFrom('s'));
    expect([...once].sort()).toEqual(items);
    expect(shuffle(items, randomFrom('s'))).toEqual(once);
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });
});

describe('phrasing', () => {
  it('leaves a slot blank, keeping a Korean particle pair after the blank', () => {
    expect(renderWithBlank('{s} uses {o}', 'o', 'containerd', 'en')).toBe('containerd uses ____');
    expect(renderWithBlank('{s}은(는) {o}을(를) 사용한다', 's', 'runc', 'ko')).toBe('(    )은(는) runc를 사용한다');
  });

  it('asks "Which of these …?" from either end of a template', () => {
    expect(whichOfThese('{s} implements {o}', 's', 'CRI')).toBe('Which of these implements CRI?');
    expect(whichOfThese('{o} is used by {s}', 'o', 'containerd')).toBe('Which of these is used by containerd?');
  });
});

describe('phrasing with articles', () => {
  // As a seeded graph gives them: common nouns take an article, product names (containerd, Kubernetes) none.
  beforeAll(() => {
    useArticles([
      ['Cluster', 'a'],
      ['Container', 'a'],
      ['Image layer', 'an'],
      ['Linux kernel', 'the'],
    ]);
  });
  afterAll(() => {
    useArticles([]);
  });

  it('asks "Which of these …?" with the article of the concept inside the question', () => {
    expect(whichOfThese('{s} manages {o}', 's', 'Cluster')).toBe('Which of these manages a cluster?');
    expect(whichOfThese('{o} is shared by {s}', 'o', 'Container')).toBe('Which of these is shared by a container?');
    expect(whichOfThese('{s} is part of {o}', 's', 'Linux kernel')).toBe('Which of these is part of the Linux kernel?');
    expect(whichOfThese('{s} is a kind of {o}', 's', 'Container')).toBe('Which of these is a kind of container?');
    expect(whichOfThese('{o} is managed by {s}', 'o', 'containerd')).toBe('Which of these is managed by containerd?');
  });

  it('opens a blank sentence with a capitalised article and leaves the blank bare', () => {
    expect(renderWithBlank('{s} shares {o}', 'o', 'Container', 'en')).toBe('A container shares ____');
    expect(renderWithBlank('{s} uses {o}', 's', 'Image layer', 'en')).toBe('____ uses an image layer');
    expect(renderWithBlank('{s}은(는) {o}을(를) 공유한다', 'o', '컨테이너', 'ko')).toBe('컨테이너는 (    )을(를) 공유한다');
  });

  it('keeps the Korean prompt free of articles', () => {
    const type = relationType('SHARES', '{s} shares {o}', '{o} is shared by {s}');
    const prompt = multipleChoicePrompt({ ...type, forward: { en: '{s} shares {o}', ko: '{s}은(는) {o}을(를) 공유한다' } }, 's', {
      en: 'Linux kernel',
      ko: '리눅스 커널',
    });
    expect(prompt).toEqual({ en: 'Which of these shares the Linux kernel?', ko: '다음 중 리눅스 커널을 공유하는 것은?' });
  });

  it('states a true/false claim with articles in both positions', () => {
    const named = (id: string, en: string) => ({ id, name: { en, ko: id } });
    const fact: Relation = {
      id: 'container:USES:cluster',
      type: 'USES',
      subject: named('container', 'Container'),
      object: named('cluster', 'Cluster'),
      sentence: { en: '', ko: '' },
      confidence: 1,
      sources: [],
      provenance: 'notes',
    };
    const concepts = new Map(
      [named('container', 'Container'), named('cluster', 'Cluster')].map((c) => [
        c.id,
        { ...c, aliases: { en: [], ko: [] }, category: 'x' },
      ]),
    );
    const context = { facts: factBase(), concepts, candidates: () => ({ kin: [], near: [] }), random: () => 0.1 };
    const built = questionBuilders['true-false'](context, fact, must(catalogue.relationType('USES'), 'USES'));
    expect(built?.question.prompt.en).toBe('True or false: A container uses a cluster.');
  });
});

describe('buildQuizSteps', () => {
  // USES and MANAGES facts are asked without wrong choices (the graph cannot vouch for them); IMPLEMENTS and
  // SENDS_REQUESTS_TO ones with.
  const quizGraph = [
    ...graph,
    fact('kubernetes MANAGES containerd'),
    fact('containerd MANAGES runc'),
    fact('containerd IMPLEMENTS cri'),
    fact('kubernetes SENDS_REQUESTS_TO containerd'),
  ];
  const ids = [...new Set(quizGraph.flatMap((f) => [f.subject, f.object])), 'nginx', 'etcd', 'youki', 'gvisor', 'seccomp', 'apparmor'];
  const concepts = conceptsOf(ids);
  const relation = (f: Fact, confidence = 1): Relation => ({
    id: `${f.subject}:${f.type}:${f.object}`,
    type: f.type,
    subject: { id: f.subject, name: { en: f.subject, ko: f.subject } },
    object: { id: f.object, name: { en: f.object, ko: f.object } },
    sentence: { en: `${f.subject} ${f.type} ${f.object}`, ko: `${f.subject} ${f.type} ${f.object}` },
    confidence,
    sources: [],
    provenance: 'notes',
  });
  const pool = quizGraph
    .filter((f) => ['USES', 'MANAGES', 'IMPLEMENTS', 'SENDS_REQUESTS_TO'].includes(f.type))
    .map((f, i) => relation(f, i % 2 === 0 ? 1 : 0.8));

  function quiz(seed: string, count = 20) {
    const steps = buildQuizSteps({
      catalogue,
      pool,
      facts: factBase(quizGraph),
      concepts,
      candidates: (id) => ({ kin: [], near: ids.filter((other) => other !== id) }),
      count,
      seed,
    });
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  it('asks at most one question per fact and never repeats a prompt', () => {
    const { questions, available } = quiz('lesson-1');
    expect(questions.length).toBeGreaterThan(0);
    expect(available).toBe(questions.length);
    const facts = questions.map((q) => q.explanation.relationId);
    expect(new Set(facts).size).toBe(facts.length);
    const prompts = questions.map((q) => q.prompt.en);
    expect(new Set(prompts).size).toBe(prompts.length);
  });

  it('gives the same quiz for the same seed, and keeps `available` when fewer are asked for', () => {
    expect(JSON.stringify(quiz('lesson-1'))).toBe(JSON.stringify(quiz('lesson-1')));
    const short = quiz('lesson-1', 1);
    expect(short.questions).toHaveLength(1);
    expect(short.available).toBe(quiz('lesson-1').available);
  });

  it('offers only wrong choices the distractor rule accepts, and true/false only from certain facts', () => {
    const facts = factBase(quizGraph);
    const kinds = new Set<string>();
    for (const seed of ['a', 'b', 'c', 'd']) {
      for (const question of quiz(seed).questions) {
        kinds.add(question.kind);
        const asked = pool.find((r) => r.id === question.explanation.relationId);
        if (!asked) throw new Error(`question ${question.id} names no fact of the pool`);
        if (question.kind === 'multiple-choice') {
          const slot = question.id.endsWith(':s') ? 's' : 'o';
          const fixed = slot === 's' ? asked.object.id : asked.subject.id;
          const wrong = question.choices.map((c) => c.id).filter((id) => id !== question.answer.conceptId);
          expect(question.choices.map((c) => c.id)).toContain(question.answer.conceptId);
          for (const id of wrong) {
            const question_ = { fixed, type: asked.type, slot, answer: question.answer.conceptId } as const;
            expect(distractorRule({ facts, concepts }, question_, id), `${question.id}: ${id}`).toBe(true);
          }
        }
        if (question.kind === 'true-false') expect(asked.confidence).toBe(1);
      }
    }
    expect([...kinds].sort()).toEqual(['fill-in-the-blank', 'multiple-choice', 'true-false']);
  });
});

describe('chooseAround', () => {
  const family = (size: number) => (id: string) => new Set([id, ...Array.from({ length: size - 1 }, (_, i) => `${id}-${i}`)]);

  it('reads around every end and candidate while the budgets last, each concept once', () => {
    const { around, judgeable } = chooseAround(['a', 'b', 'x'], new Set(['a', 'b']), family(3));
    expect(around).toEqual(['a', 'a-0', 'a-1', 'b', 'b-0', 'b-1', 'x', 'x-0', 'x-1']);
    expect([...judgeable]).toEqual(['a', 'b', 'x']);
  });

  it('leaves out a candidate whose family no longer fits, while ends have a budget of their own', () => {
    // Larger than the candidates' budget: an end still fits (its own budget is larger), a candidate no longer does.
    const size = quizLimits.aroundBudget + 10;
    const { judgeable } = chooseAround(['end', 'candidate'], new Set(['end']), family(size));
    expect([...judgeable]).toEqual(['end']);
  });
});
