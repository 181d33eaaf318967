// The rate-limit counters in Redis against a real redis-server: one count for every process, fixed windows, and
// counting in the process while Redis is away (with one warning), then shared again once it is back.
// Needs redis-server rather than Neo4j; named .int so that the unit project stays free of servers.
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedBudgetStore, sharedBudgetTuning } from '../../src/http/shared-budget-store.js';
import { BudgetStore } from '../../src/plugins/rate-limit.js';
import { type RedisServer, startRedis } from '../helpers/replicas.js';
import { systemProgram } from '../helpers/system-programs.js';

const redisProgram = systemProgram('redis-server', 'redis-server');

function incr(store: SharedBudgetStore, key: string, windowMs = 60_000): Promise<{ current: number; ttl: number }> {
  return new Promise((resolve, reject) => {
    store.incr(key, (error, result) => (error || !result ? reject(error ?? new Error('no answer')) : resolve(result)), windowMs);
  });
}

function recordingLog() {
  const lines: { level: 'warn' | 'info'; message: string }[] = [];
  const log = {
    warn: (_fields: unknown, message: string) => lines.push({ level: 'warn', message }),
    info: (message: string) => lines.push({ level: 'info', message }),
  } as unknown as FastifyBaseLogger;
  return { log, lines };
}

async function until(condition: () => Promise<boolean>, what: string, deadlineMs = 10_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface OpenStore {
  store: SharedBudgetStore;
  /** Requests the store counted on its own because Redis did not answer. */
  localCounts(): number;
  lines: { level: 'warn' | 'info'; message: string }[];
}

describe.skipIf(!redisProgram)('shared budget store on a real redis-server', () => {
  let redis: RedisServer;
  const opened: OpenStore[] = [];

  function open(): OpenStore {
    const { log, lines } = recordingLog();
    let local = 0;
    const store = new SharedBudgetStore({ url: redis.url, fallback: new BudgetStore(), log, onLocalCount: () => local++ });
    const handle = { store, localCounts: () => local, lines };
    opened.push(handle);
    return handle;
  }

  /** Whether an update of a key of its own went to Redis rather than to the process's counts. */
  async function countsInRedis({ store, localCounts }: OpenStore): Promise<boolean> {
    const before = localCounts();
    await incr(store, `probe-${Math.random()}`);
    return localCounts() === before;
  }

  async function connected(handle: OpenStore): Promise<OpenStore> {
    await until(() => countsInRedis(handle), 'a connection to Redis');
    return handle;
  }

  beforeAll(async () => {
    redis = await startRedis(redisProgram ?? '');
  });

  afterAll(async () => {
    await Promise.allSettled(opened.map(({ store }) => store.close()));
    await redis?.stop();
  });

  it('gives two processes one count per key, each answer its own', async () => {
    const first = (await connected(open())).store;
    const second = (await connected(open())).store;
    const answers = await Promise.all([incr(first, 'lookup|10.0.0.1'), incr(second, 'lookup|10.0.0.1'), incr(first, 'lookup|10.0.0.1')]);
    expect(answers.map((answer) => answer.current).sort()).toEqual([1, 2, 3]);
    expect((await incr(second, 'lookup|10.0.0.1')).current).toBe(4);
    expect((await incr(second, 'lookup|10.0.0.2')).current).toBe(1);
    for (const answer of answers) expect(answer.ttl).toBeGreaterThan(0);
    for (const answer of answers) expect(answer.ttl).toBeLessThanOrEqual(60_000);
  });

  it('starts a new window once the last one has passed', async () => {
    const { store } = await connected(open());
    expect((await incr(store, 'short', 300)).current).toBe(1);
    expect((await incr(store, 'short', 300)).current).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await incr(store, 'short', 300)).current).toBe(1);
  });

  it('counts in the process while Redis is away, warns once, and shares the counts again once it is back', async () => {
    const handle = await connected(open());
    const { store, lines } = handle;
    expect((await incr(store, 'outage')).current).toBe(1);
    const localBefore = handle.localCounts();

    await redis.stop();
    // Still answered, from the process's own counts: no request is refused for want of Redis.
    const during = [];
    for (let i = 0; i < 5; i++) during.push((await incr(store, 'outage')).current);
    expect(during).toEqual([1, 2, 3, 4, 5]);
    expect(handle.localCounts() - localBefore).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 500)); // reconnect attempts fail meanwhile
    expect(lines.filter((line) => line.level === 'warn')).toHaveLength(1);

    await redis.restart();
    await until(() => countsInRedis(handle), 'shared counting after Redis came back', 10_000 + sharedBudgetTuning.retryAfterMs);
    // The restarted Redis is empty: the count starts again there, shared by every process.
    expect((await incr(store, 'outage')).current).toBe(1);
    expect(lines.filter((line) => line.level === 'info')).toHaveLength(1);
  });

  it('does not wait on a Redis that hangs longer than the command timeout, then asks it again a while later', async () => {
    const handle = await connected(open());
    redis.hang();
    try {
      const started = performance.now();
      expect((await incr(handle.store, 'hung')).current).toBe(1);
      const first = performance.now() - started;
      expect(first).toBeGreaterThanOrEqual(sharedBudgetTuning.commandTimeoutMs - 10);
      // Within the pause after a failure, requests are counted at once, without asking Redis.
      const again = performance.now();
      expect((await incr(handle.store, 'hung')).current).toBe(2);
      expect(performance.now() - again).toBeLessThan(sharedBudgetTuning.commandTimeoutMs);
    } finally {
      redis.resume();
    }
    await until(() => countsInRedis(handle), 'shared counting after Redis answered again', 5_000 + sharedBudgetTuning.retryAfterMs);
  });
});
