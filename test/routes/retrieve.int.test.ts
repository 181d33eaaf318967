import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, loadEvalSet } from '../../bench/retrieval-eval.js';
import { buildApp } from '../../src/app.js';
import { configWith } from '../../src/config.js';
import { CatalogueCache } from '../../src/graph/catalogue.js';
import { readGraphVersion } from '../../src/graph/graph-version.js';
import { answer, Retriever } from '../../src/graph/retrieval/index.js';
import { loadRetrievalIndex } from '../../src/graph/retrieval/loader.js';
import { type RetrieveReply, RetrieveRequest } from '../../src/graph/retrieval/schema.js';
import { graphFingerprint, testConfig } from '../helpers/app.js';
import { useSeededGraph } from '../helpers/seeded-app.js';

const { db } = useSeededGraph();
// Load shedding and rate limits (tested in their own suites) are off: a start-up stall of the test process must not turn
// these requests into 503s, and the timing tests below measure retrieval itself.
let built: FastifyInstance | undefined;
beforeAll(async () => {
  const base = testConfig();
  const limits = { ...base.limits, maxEventLoopDelayMs: 0, lookupMax: 100_000, heavyMax: 100_000 };
  built = await buildApp(configWith({ ...base, limits }), { logger: false });
  await built.ready();
});
afterAll(async () => {
  await built?.close();
});
const app = (): FastifyInstance => {
  if (!built) throw new Error('the app is used before beforeAll has run');
  return built;
};

async function ask(body: object): Promise<RetrieveReply> {
  const reply = await app().inject({ method: 'POST', url: '/v1/retrieve', payload: body });
  expect(reply.statusCode, reply.body).toBe(200);
  return reply.json();
}

describe('POST /v1/retrieve', () => {
  it('answers "what does containerd implement?" with the IMPLEMENTS fact first, cited', async () => {
    const reply = await ask({ query: 'What does containerd implement?' });
    expect(reply.language).toBe('en');
    expect(reply.concepts[0]!.id).toBe('containerd');
    expect(reply.facts[0]!.id).toBe('containerd:IMPLEMENTS:cri');
    expect(reply.facts[0]!.citations.length).toBeGreaterThan(0);
    for (const fact of reply.facts) {
      for (const n of fact.citations) expect(reply.citations.map((c) => c.n)).toContain(n);
    }
    expect(reply.context).toContain('1. containerd implements the Container Runtime Interface. [1]');
    expect(reply.context).toMatch(/Sources:\n\[1\] /);
  });

  it('starts the context with definitions of the concepts asked about, then facts, then sources', async () => {
    const reply = await ask({ query: 'How does Kubernetes talk to containerd?' });
    const context = reply.context;
    expect(context.startsWith('What these are:\n- ')).toBe(true);
    for (const id of ['kubernetes', 'containerd']) {
      const concept = reply.concepts.find((c) => c.id === id);
      expect(concept?.how).toBe('named');
      expect(context).toContain(`- ${concept?.name.en}: ${concept?.summary.en}`);
    }
    expect(context.indexOf('What these are:')).toBeLessThan(context.indexOf('Facts from the concept graph'));
    expect(context.indexOf('Facts from the concept graph')).toBeLessThan(context.indexOf('Sources:'));
  });

  it('keeps the context within maxContextChars, dropping the lowest-ranked facts first', async () => {
    const query = 'What is the difference between a virtual machine and a container?';
    const full = await ask({ query, maxFacts: 12 });
    const small = await ask({ query, maxFacts: 12, maxContextChars: 900 });
    expect([...small.context].length).toBeLessThanOrEqual(900);
    expect(small.facts).toEqual(full.facts);
    const lines = (context: string) => context.split('\n').filter((line) => /^\d+\. /.test(line));
    const kept = lines(small.context);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(lines(full.context).length);
    expect(kept).toEqual(lines(full.context).slice(0, kept.length));
  });

  it('leaves learning order out of facts unless the question asks what to learn first', async () => {
    for (const query of ['What is runc?', 'cgroups와 네임스페이스의 차이', 'How does the docker client talk to the daemon?']) {
      const reply = await ask({ query, maxFacts: 50, hops: 2 });
      expect(reply.learningOrder).toBe(false);
      expect(reply.facts.length).toBeGreaterThan(0);
      expect(reply.facts.filter((fact) => fact.type === 'REQUIRES')).toEqual([]);
    }
    for (const query of ['What should I learn before cgroups?', 'cgroups를 배우려면 먼저 뭘 알아야 해?']) {
      const reply = await ask({ query });
      expect(reply.learningOrder).toBe(true);
      expect(reply.facts[0]?.type).toBe('REQUIRES');
      expect(reply.facts[0]?.subject.id).toBe('cgroups');
    }
  });

  it('finds a concept the question describes without naming it', async () => {
    const reply = await ask({ query: 'the read-only, layered package a container is started from' });
    expect(reply.concepts.find((c) => c.id === 'docker-image')?.how).toBe('described');
    expect(reply.facts.slice(0, 8).map((f) => f.id)).toContain('container:INSTANCE_OF:docker-image');
  });

  it('writes the context in Korean for a Korean question', async () => {
    const reply = await ask({ query: '도커 데몬은 무엇과 통신하나요?' });
    expect(reply.language).toBe('ko');
    expect(reply.concepts.map((c) => c.id)).toContain('docker-daemon');
    expect(reply.context.startsWith('개념 정의:')).toBe(true);
    expect(reply.context).toContain('개념 그래프의 사실');
    expect(reply.context).toContain('출처:');
    expect(reply.context).toContain(reply.facts[0]!.sentence.ko);
  });

  it('is deterministic: the same question gives the same reply', async () => {
    const body = { query: 'How does the docker client talk to the daemon?', hops: 2 };
    expect(await ask(body)).toEqual(await ask(body));
  });

  it('returns no facts, not noise, for a question outside the graph', async () => {
    for (const query of ['How do I bake sourdough bread?', '파이썬에서 리스트를 정렬하는 방법']) {
      const reply = await ask({ query });
      expect(reply.facts).toEqual([]);
      expect(reply.citations).toEqual([]);
      expect(reply.context).not.toContain('- ');
    }
  });

  it('respects maxFacts and finds more with two hops than with one', async () => {
    const one = await ask({ query: 'docker socket', maxFacts: 50, hops: 1 });
    const two = await ask({ query: 'docker socket', maxFacts: 50, hops: 2 });
    expect(two.facts.length).toBeGreaterThan(one.facts.length);
    expect((await ask({ query: 'docker compose', maxFacts: 1, hops: 2 })).facts).toHaveLength(1);
  });

  it('drops duplicate facts: every fact id appears once', async () => {
    const reply = await ask({ query: 'container vs virtual machine', maxFacts: 50, hops: 2 });
    expect(new Set(reply.facts.map((f) => f.id)).size).toBe(reply.facts.length);
  });

  describe('input that grows when normalised', () => {
    const fdfa = '\ufdfa'.repeat(500); // each expands to 18 characters under NFKC
    const cases: [string, string, number][] = [
      ['500 × U+FDFA', fdfa, 400],
      ['a letter with 1,999 combining accents', `a${'\u0301'.repeat(1999)}`, 400],
      ['1,998 conjoining jamo (666 syllables)', '\u1100\u1161\u11a8'.repeat(666), 400],
      ['1,200 conjoining jamo (400 syllables)', '\u1100\u1161\u11a8'.repeat(400), 200],
      ['a 500-character question in Korean', '도커 컨테이너 런타임은 무엇을 관리하나요 '.repeat(25).slice(0, 500), 200],
    ];

    // Timed in CPU, not wall-clock: the test machine may be shared, and what matters is how long one
    // request can hold the event loop (the old code held it for 6–7 s on 500 × U+FDFA).
    const cpuMs = (from: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(from);
      return (used.user + used.system) / 1000;
    };

    it.each(cases)('answers %s within 50 ms of CPU', async (_name, query, status) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = process.cpuUsage();
        const reply = await app().inject({ method: 'POST', url: '/v1/retrieve', payload: { query } });
        times.push(cpuMs(started));
        expect(reply.statusCode, reply.body).toBe(status);
        if (status === 400) {
          expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(reply.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
        }
      }
      times.sort((a, b) => a - b);
      expect(times[2]).toBeLessThan(50); // the median of five
    });

    it('keeps /health/live answering while such requests arrive', async () => {
      const started = process.cpuUsage();
      const flood = Array.from({ length: 4 }, () => app().inject({ method: 'POST', url: '/v1/retrieve', payload: { query: fdfa } }));
      const live = await app().inject({ method: 'GET', url: '/health/live' });
      const replies = await Promise.all(flood);
      expect(live.statusCode).toBe(200);
      for (const reply of replies) expect(reply.statusCode).toBe(400);
      expect(cpuMs(started) / replies.length).toBeLessThan(50);
    });
  });

  it.each([
    ['an empty query', { query: '   ' }],
    ['an over-long query', { query: 'x'.repeat(501) }],
    ['maxFacts 0', { query: 'runc', maxFacts: 0 }],
    ['maxFacts 51', { query: 'runc', maxFacts: 51 }],
    ['hops 3', { query: 'runc', hops: 3 }],
    ['maxContextChars 10', { query: 'runc', maxContextChars: 10 }],
    ['an unknown field', { query: 'runc', top: 3 }],
    ['an injection attempt as a field', { query: 'runc', "'; MATCH (n) DETACH DELETE n //": 1 }],
  ])('rejects %s with 400 problem+json', async (_name, body) => {
    const before = await graphFingerprint(db());
    const reply = await app().inject({ method: 'POST', url: '/v1/retrieve', payload: body });
    expect(reply.statusCode).toBe(400);
    expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reply.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await graphFingerprint(db())).toEqual(before);
  });

  it('rejects a malformed JSON body with 400 problem+json', async () => {
    const reply = await app().inject({
      method: 'POST',
      url: '/v1/retrieve',
      headers: { 'content-type': 'application/json' },
      payload: '{"query": "runc",',
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reply.json()).toMatchObject({ status: 400, code: 'MALFORMED_BODY' });
  });

  it('rejects a body that is not JSON with 415 problem+json', async () => {
    const reply = await app().inject({
      method: 'POST',
      url: '/v1/retrieve',
      headers: { 'content-type': 'text/csv' },
      payload: 'query\nrunc',
    });
    expect(reply.statusCode).toBe(415);
    expect(reply.json()).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });
});

describe('retrieval quality on test/fixtures/retrieval-eval.yaml', () => {
  // Floors just under the training set's figures (the share of in-scope questions with every expected fact in
  // the top 8, and at the default 12, overall and per kind); a change that lowers them fails here. The training
  // set is what the weights were fitted on, so these floors guard against regressions; the blind set, never
  // tuned on, is what measures the ranker (bench/README.md). Kinds with fewer than 8 questions have no floor.
  // Since blind sets joined it (harder questions, multi-fact chains above all), the floors sit lower.
  const answeredFloor = { all: 0.82, all12: 0.89, kind: 0.55, silent: { en: 0.85, ko: 0.8 } };

  it('keeps fully answered questions above the floor per language and kind, stays silent out of scope, keeps learning order out', async () => {
    const figures = await evaluate(async (body) => ask(body), await loadEvalSet());
    for (const lang of ['en', 'ko'] as const) {
      const all = figures.tallies.get(`${lang}/all`);
      expect(all?.questions).toBeGreaterThanOrEqual(60);
      expect((all?.answered ?? 0) / (all?.questions ?? 1)).toBeGreaterThanOrEqual(answeredFloor.all);
      expect((all?.answered12 ?? 0) / (all?.questions ?? 1)).toBeGreaterThanOrEqual(answeredFloor.all12);
      for (const kind of ['single', 'multi', 'paraphrase', 'comparison', 'why', 'learning']) {
        const tally = figures.tallies.get(`${lang}/${kind}`);
        expect(tally?.questions, `${lang}/${kind}`).toBeGreaterThanOrEqual(8);
        expect((tally?.answered ?? 0) / (tally?.questions ?? 1), `${lang}/${kind}`).toBeGreaterThanOrEqual(answeredFloor.kind);
      }
      // Out-of-scope questions given no facts: a floor too. Most that still get facts name the graph's words in
      // another sense with no word of that sense beside them (senses.ts), or a foreign name only (Redis Cluster,
      // the Python GIL); the blind sets keep adding such questions.
      const { silent, questions } = figures.outOfScope[lang];
      expect(silent / questions, `${lang} out of scope`).toBeGreaterThanOrEqual(answeredFloor.silent[lang]);
    }
    expect(figures.learningOrderLeaks).toBe(0);
  });
});

describe('the learned layer keeps the rules', () => {
  it('ranks the chain between two named concepts first on the seed graph, in both languages', async () => {
    for (const query of ['How is Kubernetes connected to runc?', '쿠버네티스는 runc와 어떻게 연결돼?']) {
      const ids = (await ask({ query, maxFacts: 12 })).facts.map((fact) => fact.id);
      expect(ids.slice(0, 4), query).toContain('kubernetes:USES:containerd');
      expect(
        ids.slice(0, 4).some((id) => id === 'containerd:MANAGES:runc' || id === 'containerd:USES:runc'),
        query,
      ).toBe(true);
    }
  });
});

describe('the retrieval index', () => {
  it('reads the relations in the same order however the store keeps them, so a reply does not depend on it', async () => {
    const catalogue = await new CatalogueCache(db()).get();
    const before = await loadRetrievalIndex(db(), catalogue);
    // Written again, the hub's relations come last in the store's own order.
    await db().driver.executeQuery(
      "MATCH (a:Concept {id: 'containerd'})-[r:USES]->(b:Concept) WITH a, b, r, properties(r) AS p DELETE r CREATE (a)-[n:USES]->(b) SET n = p",
      {},
      { database: db().database },
    );
    const after = await loadRetrievalIndex(db(), catalogue);
    expect(after.relations.map((r) => r.id)).toEqual(before.relations.map((r) => r.id));
    for (const query of ['How is Kubernetes connected to runc?', 'containerd는 무엇을 사용해?']) {
      const reply = (index: typeof before) => answer(index, catalogue, RetrieveRequest.parse({ query })).facts.map((f) => [f.id, f.score]);
      expect(reply(after), query).toEqual(reply(before));
    }
  });
});

describe('a fact the question fits exactly does not silence the rest', () => {
  it("answers a comparison with the contrast and each side's own facts, up to maxFacts", async () => {
    // The contrast the question names scores far above anything else; the other facts must still be heard.
    const reply = await ask({ query: 'OS-level virtualization versus hardware virtualization', maxFacts: 12 });
    const ids = reply.facts.map((fact) => fact.id);
    expect(ids[0]).toBe('os-level-virtualization:CONTRASTS_WITH:hardware-virtualization');
    expect(ids.length).toBe(12);
    expect(ids).toEqual(
      expect.arrayContaining(['os-level-virtualization:IS_A:virtualization', 'hardware-virtualization:IS_A:virtualization']),
    );
  });
});

describe('an aspect asked for whole beside a comparison', () => {
  it("lists all of one side's weaknesses first when a comparison asks for them all, in Korean words for weak", async () => {
    const reply = await ask({ query: 'VM이랑 비교해서 컨테이너가 약한 점들 전부 정리해 주세요', maxFacts: 8 });
    const top = reply.facts.slice(0, 6).map((fact) => fact.id);
    expect(top).toEqual(
      expect.arrayContaining([
        'container:HAS_WEAKNESS:host-dependency',
        'container:HAS_WEAKNESS:security-isolation',
        'container:HAS_WEAKNESS:multi-os-support',
        'container:HAS_WEAKNESS:network-setup-complexity',
      ]),
    );
  });
});

describe('the retrieval warm-up at start-up', () => {
  it('builds the index and answers its practice questions on the seeded graph without an error', async () => {
    const graph = db();
    const statements: string[] = [];
    const stop = graph.observe((name) => statements.push(name));
    const retriever = new Retriever(graph, () => readGraphVersion(graph));
    const catalogue = await new CatalogueCache(graph).get();
    statements.length = 0;
    await expect(retriever.exercise(catalogue, 12)).resolves.toBeUndefined();
    stop();
    // The index was read once; the practice questions are answered from memory.
    expect(new Set(statements)).toEqual(new Set(['readGraphVersion', 'retrievalConcepts', 'retrievalRelations']));
    const reply = await retriever.retrieve(catalogue, {
      query: 'What does containerd implement?',
      maxFacts: 5,
      hops: 1,
      maxContextChars: 2000,
    } as never);
    expect(reply.facts.length).toBeGreaterThan(0);
  });
});
