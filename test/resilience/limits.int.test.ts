// Per-client rate limits by route class, and the HTTP limits on slow and excess connections.
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { Config } from '../../src/config.js';
import { testConfig } from '../helpers/app.js';
import { useSeededGraph } from '../helpers/seeded-app.js';

// The suites read concepts (runc) and retrieve facts: the graph must be the seed's, whatever ran before.
useSeededGraph();

let app: FastifyInstance | undefined;

async function limitedApp(limits: Partial<Config['limits']>, http: Partial<Config['http']> = {}): Promise<FastifyInstance> {
  const base = testConfig();
  app = await buildApp({ ...base, http: { ...base.http, ...http }, limits: { ...base.limits, ...limits } }, { logger: false });
  await app.ready();
  return app;
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('rate limits', () => {
  it('answers a burst past the budget with 429 problem+json, Retry-After and RateLimit-* headers, in milliseconds', async () => {
    const limited = await limitedApp({ heavyMax: 5, lookupMax: 100, rateLimitWindowMs: 60_000 });
    const within = [];
    for (let i = 0; i < 5; i++) within.push(await limited.inject({ method: 'GET', url: '/v1/graph' }));
    expect(
      within.map((reply) => reply.statusCode),
      within.map((reply) => reply.body.slice(0, 200)).join('\n'),
    ).toEqual([200, 200, 200, 200, 200]);
    expect(within[0]?.headers['ratelimit-limit']).toBe('5');
    expect(within.map((reply) => reply.headers['ratelimit-remaining'])).toEqual(['4', '3', '2', '1', '0']);

    const burst = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const started = performance.now();
        const reply = await limited.inject({ method: 'GET', url: '/v1/graph' });
        return { reply, ms: performance.now() - started };
      }),
    );
    for (const { reply } of burst) {
      expect(reply.statusCode).toBe(429);
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
      expect(reply.headers['ratelimit-remaining']).toBe('0');
      expect(reply.headers['ratelimit-reset']).toBeDefined();
      expect(reply.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED', type: expect.any(String), title: expect.any(String) });
    }
    const slowest = Math.max(...burst.map((b) => b.ms));
    expect(slowest).toBeLessThan(500);
  });

  it('keeps separate budgets per route class, and never limits the health routes', async () => {
    const limited = await limitedApp({ heavyMax: 2, lookupMax: 3 });
    for (let i = 0; i < 2; i++) expect((await limited.inject({ method: 'GET', url: '/v1/graph' })).statusCode).toBe(200);
    expect((await limited.inject({ method: 'GET', url: '/v1/graph' })).statusCode).toBe(429);
    const lookup = await limited.inject({ method: 'GET', url: '/v1/categories' });
    expect(lookup.statusCode, lookup.body).toBe(200);
    for (let i = 0; i < 30; i++) {
      const live = await limited.inject({ method: 'GET', url: '/health/live' });
      expect(live.statusCode).toBe(200);
      expect(live.headers['ratelimit-limit']).toBeUndefined();
      expect((await limited.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    }
  });

  it('counts the quiz and the learning path against the heavy budget, where their cost belongs', async () => {
    const limited = await limitedApp({ heavyMax: 1, lookupMax: 100 });
    const quiz = await limited.inject({ method: 'GET', url: '/v1/quiz?concept=nowhere-at-all' });
    expect(quiz.headers['ratelimit-limit']).toBe('1');
    expect((await limited.inject({ method: 'GET', url: '/v1/learning-path?target=nowhere-at-all' })).statusCode).toBe(429);
    expect((await limited.inject({ method: 'GET', url: '/v1/categories' })).statusCode).toBe(200);
  });

  it('refuses to start an API route that does not declare its cost', async () => {
    const bare = await buildApp(testConfig(), { logger: false });
    await expect(
      bare.register(async (v1) => {
        v1.get('/v1/undeclared', async () => ({}));
      }),
    ).rejects.toThrow(/declares no cost/);
    await bare.close().catch(() => undefined);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says a proxy sets it', async () => {
    const direct = await limitedApp({ lookupMax: 2 });
    const from = (address: string) => direct.inject({ method: 'GET', url: '/v1/categories', headers: { 'x-forwarded-for': address } });
    const first = await from('203.0.113.1');
    expect(first.statusCode, first.body).toBe(200);
    expect((await from('203.0.113.2')).statusCode).toBe(200);
    // A client cannot buy a fresh budget by inventing an address.
    expect((await from('203.0.113.3')).statusCode).toBe(429);
    await direct.close();

    const proxied = await limitedApp({ lookupMax: 2 }, { trustProxy: true });
    const via = (address: string) => proxied.inject({ method: 'GET', url: '/v1/categories', headers: { 'x-forwarded-for': address } });
    expect((await via('203.0.113.1')).statusCode).toBe(200);
    expect((await via('203.0.113.1')).statusCode).toBe(200);
    expect((await via('203.0.113.1')).statusCode).toBe(429);
    expect((await via('203.0.113.2')).statusCode).toBe(200);
  });

  it('declares 429 in the OpenAPI document for limited routes only', async () => {
    const documented = await limitedApp({});
    const document = (await documented.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    expect(Object.keys(document.paths['/v1/search']?.get?.responses ?? {})).toContain('429');
    expect(Object.keys(document.paths['/v1/retrieve']?.post?.responses ?? {})).toContain('429');
    expect(Object.keys(document.paths['/v1/concepts/{id}']?.get?.responses ?? {})).toContain('429');
    expect(Object.keys(document.paths['/health/live']?.get?.responses ?? {})).not.toContain('429');
  });
});

describe('in-flight caps', () => {
  it('refuses CPU-heavy requests past their own cap at once, while lookups and liveness go on', async () => {
    const limited = await limitedApp({ heavyMax: 0, lookupMax: 0, maxInFlightHeavy: 2 });
    const retrieve = () =>
      limited.inject({
        method: 'POST',
        url: '/v1/retrieve',
        headers: { 'content-type': 'application/json' },
        payload: { query: 'Which runtime does Kubernetes use, and what does that runtime call?', hops: 2 },
      });
    const [replies, lookup, live] = await Promise.all([
      Promise.all(Array.from({ length: 6 }, retrieve)),
      limited.inject({ method: 'GET', url: '/v1/categories' }),
      limited.inject({ method: 'GET', url: '/health/live' }),
    ]);
    const statuses = replies.map((reply) => reply.statusCode).sort();
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(2);
    const refused = replies.filter((reply) => reply.statusCode === 503);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const reply of refused) {
      expect(reply.json()).toMatchObject({ code: 'OVERLOADED' });
      expect(reply.headers['retry-after']).toBe('1');
    }
    expect([lookup.statusCode, live.statusCode]).toEqual([200, 200]);
    // Once those finished, the slots are free again.
    expect((await retrieve()).statusCode).toBe(200);
  });

  it('counts only requests within budget: a client over it gets 429, not 503, and takes no slot from others', async () => {
    // One slot for data requests, one lookup per client and window: everything past the first is over budget.
    const limited = await limitedApp({ lookupMax: 1, maxInFlight: 1 });
    const replies = await Promise.all(Array.from({ length: 8 }, () => limited.inject({ method: 'GET', url: '/v1/concepts/runc' })));
    const statuses = replies.map((reply) => reply.statusCode).sort();
    expect(statuses).toEqual([200, 429, 429, 429, 429, 429, 429, 429]);
    // Another client (its own budget) finds the slot free, although eight requests just came from the first.
    const other = await limited.inject({ method: 'GET', url: '/v1/concepts/runc', remoteAddress: '10.0.0.2' });
    expect(other.statusCode).toBe(200);
  });
});

describe('connection limits', () => {
  async function listening(limits: Partial<Config['limits']>): Promise<number> {
    const served = await limitedApp(limits);
    await served.listen({ host: '127.0.0.1', port: 0 });
    return (served.server.address() as net.AddressInfo).port;
  }

  it('cuts off a client that sends its body one byte at a time', async () => {
    const port = await listening({ requestTimeoutMs: 1_000, headersTimeoutMs: 500 });
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now())));
    socket.on('error', () => {});
    const started = performance.now();
    socket.write('POST /v1/retrieve HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{');
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write(' ');
    }, 200);
    const closedAt = await closed;
    clearInterval(drip);
    // The request timeout plus Node's once-a-second check, with slack for a busy machine.
    expect(closedAt - started).toBeLessThan(4_000);
    expect(received === '' || received.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('serves a POST over real HTTP: a fully read body is not mistaken for a client that went away', async () => {
    const port = await listening({});
    const reply = await fetch(`http://127.0.0.1:${port}/v1/retrieve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'What does containerd implement?', hops: 2 }),
    });
    expect(reply.status, await reply.clone().text()).toBe(200);
  });

  it('closes connections beyond the maximum at once', async () => {
    const port = await listening({ maxConnections: 3 });
    const sockets = Array.from({ length: 8 }, () => net.connect(port, '127.0.0.1'));
    const closedQuickly = await Promise.all(
      sockets.map(
        (socket) =>
          new Promise<boolean>((resolve) => {
            socket.on('error', () => {});
            socket.on('close', () => resolve(true));
            setTimeout(() => resolve(false), 1_000);
          }),
      ),
    );
    for (const socket of sockets) socket.destroy();
    expect(closedQuickly.filter(Boolean).length).toBeGreaterThanOrEqual(5);
  });
});
