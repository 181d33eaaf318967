// Rate-limit counters kept in Redis (REDIS_URL), so that every replica counts a client's requests against one
// budget. Redis holds nothing but these counters, so an outage must not take the API down with it: while Redis
// does not answer, each process counts on its own (the in-memory store it is given) and says so once in the log
// and on every such request in a metric; once Redis answers again the shared counts take over.
import type { FastifyBaseLogger } from 'fastify';
import { Redis, type Result } from 'ioredis';

type Counts = { current: number; ttl: number };
type IncrCallback = (error: Error | null, result?: Counts) => void;

/** What the fallback has to offer: the in-memory BudgetStore of plugins/rate-limit.ts. */
export interface LocalCounts {
  incr(key: string, callback: IncrCallback, timeWindow: number): void;
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    budgetIncr(key: string, windowMs: number): Result<[number, number], Context>;
  }
}

/**
 * One fixed window per key, as BudgetStore keeps them: the first request of a window sets its expiry. Atomic, so
 * requests of one client arriving at several replicas at once each get their own count. A key found without an
 * expiry (written by something else) gets one, so no client is refused for ever.
 */
const fixedWindowScript = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}
`;

export const sharedBudgetTuning = {
  /** Counters share Redis with whatever else uses it; this prefix keeps them apart. */
  keyPrefix: 'concept-graph:rate-limit:',
  /** A counter update on a healthy Redis takes a millisecond; one that takes longer than this counts as a failure. */
  commandTimeoutMs: 250,
  connectTimeoutMs: 2_000,
  /** After a failed update, count locally this long before asking Redis again, so a hung Redis delays one request per period, not every one. */
  retryAfterMs: 1_000,
} as const;

export interface SharedBudgetStoreOptions {
  url: string;
  fallback: LocalCounts;
  log: FastifyBaseLogger;
  /** Called for each request counted by this process alone because Redis did not answer. */
  onLocalCount?: () => void;
}

export class SharedBudgetStore {
  private readonly redis: Redis;
  private failing = false;
  private askAgainAt = 0;

  constructor(private readonly options: SharedBudgetStoreOptions) {
    this.redis = new Redis(options.url, {
      // A command is sent only while connected, and fails rather than waits: the fallback answers instead.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: sharedBudgetTuning.commandTimeoutMs,
      connectTimeout: sharedBudgetTuning.connectTimeoutMs,
      // Reconnects keep being tried in the background, at most every 2 s.
      retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    });
    this.redis.defineCommand('budgetIncr', { numberOfKeys: 1, lua: fixedWindowScript });
    // Without a listener, ioredis prints every failed reconnect to stderr.
    this.redis.on('error', (error: Error) => this.noteFailure(error));
  }

  incr(key: string, callback: IncrCallback, timeWindow: number): void {
    if (this.redis.status !== 'ready' || Date.now() < this.askAgainAt) {
      this.countLocally(key, callback, timeWindow);
      return;
    }
    this.redis.budgetIncr(sharedBudgetTuning.keyPrefix + key, timeWindow).then(
      ([current, ttl]) => {
        if (this.failing) {
          this.failing = false;
          this.options.log.info('rate limits: Redis answers again; the counters are shared by every replica once more');
        }
        callback(null, { current, ttl });
      },
      (error: Error) => {
        this.noteFailure(error);
        this.askAgainAt = Date.now() + sharedBudgetTuning.retryAfterMs;
        this.countLocally(key, callback, timeWindow);
      },
    );
  }

  /** Per-route budgets would get a store of their own; this service configures none. */
  child(): SharedBudgetStore {
    return this;
  }

  /** Quits politely when connected; otherwise stops the reconnect attempts at once. */
  async close(): Promise<void> {
    if (this.redis.status === 'ready') {
      try {
        await this.redis.quit();
        return;
      } catch {
        // Disconnected below.
      }
    }
    this.redis.disconnect();
  }

  private countLocally(key: string, callback: IncrCallback, timeWindow: number): void {
    this.options.onLocalCount?.();
    this.options.fallback.incr(key, callback, timeWindow);
  }

  /** One warning per outage, not one per request or reconnect attempt. The URL may hold a password: never logged. */
  private noteFailure(error: Error): void {
    if (this.failing) return;
    this.failing = true;
    this.options.log.warn(
      { err: error },
      'rate limits: Redis does not answer; each process counts its own requests until it does (a client may get up to one budget per replica)',
    );
  }
}
