// Several replicas (docs/operations.md#several-replicas): two API processes on one Neo4j behind nginx running
// deploy/nginx.conf, sharing their rate-limit counters in a real redis-server. A write seen by one process is
// served by every process within a second (each reads the graph version at most once a second), old ETags stop
// matching, and a client's budget is one budget however its requests are spread. Without REDIS_URL each
// process counts on its own.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createKey } from '../../src/auth/keys.js';
import { clearGraph, openTestDb, seedGraph, testConfig } from '../helpers/app.js';
import { type ApiServer, type Nginx, type RedisServer, startApiServer, startNginx, startRedis } from '../helpers/replicas.js';
import { systemProgram } from '../helpers/system-programs.js';

const redisProgram = systemProgram('redis-server', 'redis-server');
const nginxProgram = systemProgram('nginx', 'nginx');

const db = openTestDb();
const conceptPath = '/v1/concepts/containerd';
/** How stale a process may be: it reads the graph version at most once per this time (src/graph/graph-version.ts). */
const freshWithinMs = 1_000;
const lookupBudget = 10;

/**
 * The write under test: PATCH of one concept's English summary through the proxy, with a write key and the
 * ETag just read (If-Match), as a curator's client sends it. Resolves once the write has committed (the reply).
 */
async function writeConceptSummary(base: string, id: string, summary: string): Promise<void> {
  const url = `${base}/v1/concepts/${id}`;
  const client = newClient();
  const etag = (await fetch(url, { headers: { 'x-forwarded-for': client } })).headers.get('etag') ?? '';
  const reply = await fetch(url, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${writeKey}`,
      'if-match': etag,
      'content-type': 'application/merge-patch+json',
      'x-forwarded-for': client,
    },
    body: JSON.stringify({ summary: { en: summary } }),
  });
  if (reply.status !== 200) throw new Error(`PATCH ${url}: ${reply.status} ${await reply.text()}`);
}

let writeKey = '';

// Each request names its client in X-Forwarded-For, which the replicas trust from 127.0.0.1 (TRUST_PROXY): every
// test spends the budget of clients of its own, and the polls below spend none that matter.
let lastClient = 0;
function newClient(): string {
  lastClient++;
  return `198.18.${Math.floor(lastClient / 250)}.${(lastClient % 250) + 1}`;
}

interface Reply {
  status: number;
  etag: string | null;
  summary: string | undefined;
  remaining: string | null;
}

async function get(base: string, client: string, headers: Record<string, string> = {}): Promise<Reply> {
  const response = await fetch(`${base}${conceptPath}`, { headers: { 'x-forwarded-for': client, ...headers } });
  const body = response.status === 200 ? ((await response.json()) as { concept?: { summary?: { en?: string } } }) : await response.text();
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    summary: typeof body === 'object' ? body.concept?.summary?.en : undefined,
    remaining: response.headers.get('ratelimit-remaining'),
  };
}

beforeAll(async () => {
  await clearGraph(db);
  await seedGraph(db);
  writeKey = (await createKey(db, { name: 'replica-curator', scopes: ['write'] })).key;
});

afterAll(async () => {
  await db.driver.close();
});

describe.skipIf(!redisProgram || !nginxProgram)('two API replicas behind nginx, on one Neo4j and one Redis', () => {
  const running: { stop(): Promise<void> }[] = [];
  let redis: RedisServer;
  let replicas: ApiServer[];
  let nginx: Nginx;
  /** Each replica directly, then the proxy: every way a client can reach the service. */
  let targets: { name: string; url: string }[];

  beforeAll(async () => {
    redis = await startRedis(redisProgram ?? '');
    running.push(redis);
    const { uri, username, password } = inject('neo4j');
    const env = {
      NEO4J_URI: uri,
      NEO4J_USERNAME: username,
      NEO4J_PASSWORD: password,
      SEED_ON_START: 'never',
      WARM_UP_ON_START: 'false',
      REDIS_URL: redis.url,
      RATE_LIMIT_LOOKUP_MAX: String(lookupBudget),
      RATE_LIMIT_WINDOW_MS: '60000',
      TRUST_PROXY: '127.0.0.1',
      LOG_LEVEL: 'warn',
    };
    const started = await Promise.allSettled([startApiServer(env), startApiServer(env)]);
    for (const result of started) if (result.status === 'fulfilled') running.push({ stop: () => result.value.process.stop() });
    replicas = started.map((result) => {
      if (result.status === 'rejected') throw result.reason;
      return result.value;
    });
    nginx = await startNginx(
      nginxProgram ?? '',
      replicas.map((replica) => replica.port),
    );
    running.push(nginx);
    targets = [
      { name: 'replica A', url: replicas[0]?.url ?? '' },
      { name: 'replica B', url: replicas[1]?.url ?? '' },
      { name: 'nginx', url: nginx.url },
    ];
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled(running.reverse().map((piece) => piece.stop()));
  });

  it('spreads requests through nginx over both replicas', async () => {
    for (let i = 0; i < 6; i++) expect((await get(nginx.url, newClient())).status).toBe(200);
    const served = (await nginx.accessLog()).filter((line) => line.includes(conceptPath)).map((line) => line.split(' ')[1]);
    expect(new Set(served)).toEqual(new Set(replicas.map((replica) => `127.0.0.1:${replica.port}`)));
  });

  it(`serves a write from every replica and through nginx within ${freshWithinMs} ms of its commit`, async () => {
    const before = await get(nginx.url, newClient());
    const summary = `containerd, as changed by the replicas test at ${Date.now()}.`;
    expect(before.summary).not.toBe(summary);
    // Every process has read the old version and cached the old reply.
    for (const target of targets) expect((await get(target.url, newClient())).summary).toBe(before.summary);

    await writeConceptSummary(nginx.url, 'containerd', summary);
    const committedAt = performance.now();
    // Polled until well past the rule's limit: a request sent after it must get the new content, every time and
    // from every process (through nginx, the polls alternate between the replicas).
    const polls = await Promise.all(
      targets.map(async (target) => {
        const seen: { sentAfterMs: number; fresh: boolean }[] = [];
        while (performance.now() - committedAt < freshWithinMs + 400) {
          const sentAfterMs = performance.now() - committedAt;
          const reply = await get(target.url, newClient());
          expect(reply.status).toBe(200);
          seen.push({ sentAfterMs, fresh: reply.summary === summary });
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
        return { target: target.name, seen };
      }),
    );
    for (const { target, seen } of polls) {
      const late = seen.filter((poll) => poll.sentAfterMs >= freshWithinMs);
      expect(late.length, target).toBeGreaterThanOrEqual(4);
      expect(
        late.filter((poll) => !poll.fresh),
        `${target}: stale replies to requests sent ${freshWithinMs} ms or more after the commit`,
      ).toEqual([]);
      const firstFresh = seen.find((poll) => poll.fresh);
      process.stdout.write(
        `${target}: first fresh reply to a request sent ${Math.round(firstFresh?.sentAfterMs ?? Number.NaN)} ms after the commit\n`,
      );
    }
  });

  it('answers If-None-Match with the ETag from before a write 200 with the new content, on every replica', async () => {
    const old = await get(nginx.url, newClient());
    expect(old.etag).toBeTruthy();
    const oldEtag = old.etag ?? '';
    // The old ETag still matches everywhere before the write: the 200s below are the write's doing.
    for (const target of targets) expect((await get(target.url, newClient(), { 'if-none-match': oldEtag })).status).toBe(304);

    const summary = `containerd, changed again by the replicas test at ${Date.now()}.`;
    await writeConceptSummary(nginx.url, 'containerd', summary);
    await new Promise((resolve) => setTimeout(resolve, freshWithinMs + 50));
    // Twice through nginx, so both replicas answer it there too.
    for (const target of [...targets, targets[2]]) {
      const reply = await get(target?.url ?? '', newClient(), { 'if-none-match': oldEtag });
      expect({ target: target?.name, status: reply.status, summary: reply.summary }).toEqual({
        target: target?.name,
        status: 200,
        summary,
      });
      expect(reply.etag).toBeTruthy();
      expect(reply.etag).not.toBe(oldEtag);
    }
  });

  it(`shares each client's budget: ${lookupBudget} lookups spread over both replicas, then 429 from either`, async () => {
    const client = newClient();
    const spread = [targets[0], targets[1], targets[2]];
    const replies: Reply[] = [];
    for (let i = 0; i < lookupBudget; i++) replies.push(await get(spread[i % 3]?.url ?? '', client));
    expect(replies.map((reply) => reply.status)).toEqual(Array(lookupBudget).fill(200));
    // One count across the processes: what is left goes down by one per request, whichever process answered.
    expect(replies.map((reply) => Number(reply.remaining))).toEqual(Array.from({ length: lookupBudget }, (_, i) => lookupBudget - 1 - i));
    for (const target of targets)
      expect({ target: target.name, status: (await get(target.url, client)).status }).toEqual({ target: target.name, status: 429 });
    // Another client still has its whole budget.
    expect((await get(targets[0]?.url ?? '', newClient())).status).toBe(200);
  });
});

describe('rate limits without REDIS_URL (the default)', () => {
  const apps: FastifyInstance[] = [];

  afterAll(async () => {
    await Promise.allSettled(apps.map((app) => app.close()));
  });

  it('counts in each process alone: a client gets a whole budget from each', async () => {
    const base = testConfig();
    for (let i = 0; i < 2; i++) {
      const app = await buildApp(
        { ...base, limits: { ...base.limits, redisUrl: undefined, lookupMax: lookupBudget, rateLimitWindowMs: 60_000 } },
        { logger: false },
      );
      apps.push(app);
      await app.ready();
    }
    const [first, second] = apps as [FastifyInstance, FastifyInstance];
    const status = async (app: FastifyInstance) => (await app.inject({ url: conceptPath, remoteAddress: '198.19.0.1' })).statusCode;
    for (let i = 0; i < lookupBudget; i++) expect(await status(first)).toBe(200);
    expect(await status(first)).toBe(429);
    // The second process has counted nothing of the first's.
    for (let i = 0; i < lookupBudget; i++) expect(await status(second)).toBe(200);
    expect(await status(second)).toBe(429);
  });
});
