// Neo4j cut, hung and back, played by a TCP proxy between the app and the run's real Neo4j. Each case
// measures how long clients wait and checks that the service recovers without a restart.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { testConfig } from '../helpers/app.js';
import { reserveProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

// Routes that answer 200 whatever the graph holds, so the suite needs no seeding.
const dataUrls = ['/v1/concepts?limit=5', '/v1/relations?limit=5', '/v1/categories', '/v1/sources'];
// Routes that query Neo4j on every request (the catalogue routes may answer from the catalogue cache while it lasts).
const queryingUrls = ['/v1/concepts?limit=5', '/v1/concepts?limit=3'];

let proxy: TcpProxy;
let app: FastifyInstance;

async function appBehindProxy(limits: Partial<Config['limits']> = {}): Promise<FastifyInstance> {
  const base = testConfig({ neo4j: { uri: `bolt://127.0.0.1:${proxy.port}` } });
  const built = await buildApp(
    { ...base, limits: { ...base.limits, ...limits }, neo4jHealth: { probeIntervalMs: 1_000, probeTimeoutMs: 1_000 } },
    { logger: false },
  );
  await built.ready();
  return built;
}

async function timed(url: string): Promise<{ reply: LightMyRequestResponse; ms: number }> {
  const started = performance.now();
  const reply = await app.inject({ method: 'GET', url });
  return { reply, ms: performance.now() - started };
}

/** Polls readiness until it answers `status`; returns the milliseconds it took. */
async function readinessBecomes(status: number, withinMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const { reply } = await timed('/health/ready');
    if (reply.statusCode === status) return performance.now() - started;
    if (performance.now() - started > withinMs) throw new Error(`readiness was ${reply.statusCode}, not ${status}, after ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Every data URL once, repeated; all must succeed (the service has recovered). */
async function expectServing(rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const replies = await Promise.all(dataUrls.map((url) => timed(url)));
    for (const { reply } of replies) expect(reply.statusCode, reply.body.slice(0, 300)).toBe(200);
  }
}

beforeAll(async () => {
  const target = new URL(inject('neo4j').uri.replace(/^[a-z+]+:/, 'http:'));
  proxy = await reserveProxy({ host: target.hostname, port: Number(target.port || 7687) });
});

afterEach(async () => {
  await app?.close();
  proxy.resume();
  await proxy.open();
});

afterAll(async () => {
  await proxy.close();
});

describe('Neo4j cut', () => {
  it('answers data requests 503 in milliseconds once readiness is 503, and recovers within 5 s of its return', async () => {
    await proxy.open();
    app = await appBehindProxy();
    expect((await timed('/health/ready')).reply.statusCode).toBe(200);
    await expectServing(2);

    await proxy.close();
    const noticedMs = await readinessBecomes(503, 3_000);
    expect(noticedMs).toBeLessThan(3_000);

    // One after another: the latency of each request, not the queue of a simultaneous burst.
    const down: { reply: LightMyRequestResponse; ms: number }[] = [];
    for (let i = 0; i < 40; i++) down.push(await timed(queryingUrls[i % queryingUrls.length] ?? '/v1/concepts'));
    for (const { reply } of down) {
      expect(reply.statusCode, `${app.neo4jHealth.status} ${app.neo4jHealth.reason} ${reply.body.slice(0, 200)}`).toBe(503);
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reply.headers['retry-after']).toBeDefined();
      expect(reply.json()).toMatchObject({ code: 'NEO4J_UNAVAILABLE' });
    }
    expect(
      percentile(
        down.map((d) => d.ms),
        99,
      ),
    ).toBeLessThan(200);

    await proxy.open();
    const recoveredMs = await readinessBecomes(200, 5_000);
    expect(recoveredMs).toBeLessThan(5_000);
    // No request fails once readiness says 200 again: no flood of timeouts after the return.
    await expectServing(5);
  });
});

describe('Neo4j hung', () => {
  it('turns readiness 503 within 3 s, keeps in-flight requests under the cap, and recovers when Neo4j continues', async () => {
    await proxy.open();
    const maxInFlight = 8;
    app = await appBehindProxy({ maxInFlight, handlerTimeoutMs: 4_000 });
    await expectServing(1);

    proxy.pause();
    const pausedAt = performance.now();
    let peakInFlight = 0;
    const sampler = setInterval(() => {
      peakInFlight = Math.max(peakInFlight, app.traffic.inFlight);
    }, 5);
    // A steady stream of requests while Neo4j is hung: about 100 per second for 3 s.
    const stream: Promise<{ reply: LightMyRequestResponse; ms: number }>[] = [];
    const sender = setInterval(() => {
      stream.push(timed(queryingUrls[stream.length % queryingUrls.length] ?? '/v1/concepts'));
    }, 10);
    const noticedMs = await readinessBecomes(503, 3_000);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 3_000 - (performance.now() - pausedAt))));
    clearInterval(sender);
    const answered = await Promise.all(stream);
    clearInterval(sampler);

    expect(noticedMs).toBeLessThan(3_000);
    expect(peakInFlight).toBeLessThanOrEqual(maxInFlight);
    const statuses = new Set(answered.map((a) => a.reply.statusCode));
    // Hung requests end at the handler deadline, shed ones at once: none waits on Neo4j for ever.
    expect(
      [...statuses].every((status) => status === 200 || status === 503),
      [...statuses].join(),
    ).toBe(true);
    for (const { reply } of answered.filter((a) => a.reply.statusCode === 503)) {
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reply.headers['retry-after']).toBeDefined();
    }
    expect(Math.max(...answered.map((a) => a.ms))).toBeLessThan(4_000 + 1_000);
    const shed = answered.filter((a) => a.reply.statusCode === 503 && a.reply.json().code !== 'QUERY_TIMEOUT');
    expect(
      percentile(
        shed.map((a) => a.ms),
        99,
      ),
    ).toBeLessThan(200);

    proxy.resume();
    expect(await readinessBecomes(200, 5_000)).toBeLessThan(5_000);
    await expectServing(5);
  }, 30_000);
});
