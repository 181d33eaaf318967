// Per-client request budgets by the cost each route declares (src/http/route-cost.ts, @fastify/rate-limit):
// lookups are generous, the routes that compute, stream or relay are tighter, health checks are never limited. The client is the
// socket address, or X-Forwarded-For when TRUST_PROXY says a proxy in front sets it (Fastify's request.ip).
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Counter } from 'prom-client';
import type { Config } from '../config.js';
import { ProblemError, problemCatalog, problemType } from '../errors.js';
import { costRules, type RouteCost, requireCost, rulesOf } from '../http/route-cost.js';
import { SharedBudgetStore } from '../http/shared-budget-store.js';
import { ProblemSchema } from '../routes/schemas.js';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * Fixed-window counters per key, at most `maxKeys` of them (the least recently used go first), each answer a
 * copy. @fastify/rate-limit 11's LocalStore hands back its live counter, and the plugin reads it only after an
 * await: when several requests of one client arrive in the same tick, each reads the final count, so requests
 * within the budget were refused (all eight of eight concurrent lookups with a budget of one). Upstream:
 * store/LocalStore.js of https://github.com/fastify/fastify-rate-limit (no issue open for it when this was
 * written); test/plugins/rate-limit.test.ts keeps a canary that fails once the plugin answers snapshots, and
 * then this class can go.
 */
export class BudgetStore {
  private readonly windows = new Map<string, { count: number; startedAt: number }>();

  constructor(
    _options?: unknown,
    private readonly maxKeys = 5_000,
  ) {}

  incr(key: string, callback: IncrCallback, timeWindow: number): void {
    const now = Date.now();
    let window = this.windows.get(key);
    // Deleted and set again, so the Map's order is least recently used first.
    if (window) this.windows.delete(key);
    if (!window || window.startedAt + timeWindow <= now) window = { count: 0, startedAt: now };
    window.count++;
    this.windows.set(key, window);
    if (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next();
      if (!oldest.done) this.windows.delete(oldest.value);
    }
    callback(null, { current: window.count, ttl: window.startedAt + timeWindow - now });
  }

  /** Per-route budgets would get a store of their own; this service configures none. */
  child(): BudgetStore {
    return new BudgetStore(undefined, this.maxKeys);
  }
}

/**
 * With REDIS_URL, the counters live in Redis and every replica shares them. While Redis does not answer, each
 * process counts on its own rather than refusing everyone (503): Redis holds only these counters, and the
 * in-flight caps and load shedding protect each process without it.
 */
function sharedStore(app: FastifyInstance, url: string): FastifyRateLimitStoreCtor {
  const localCounts = new Counter({
    name: 'rate_limit_local_counts_total',
    help: 'Requests this process counted against a budget on its own because Redis (REDIS_URL) did not answer',
    registers: [],
  });
  const store = new SharedBudgetStore({ url, fallback: new BudgetStore(), log: app.log, onLocalCount: () => localCounts.inc() });
  // The metrics plugin registers after this one; its registry exists once the app is ready.
  app.addHook('onReady', async () => {
    if (app.hasDecorator('metrics')) app.metrics.registerMetric(localCounts);
  });
  app.addHook('onClose', () => store.close());
  // @fastify/rate-limit constructs its store itself (`new Store(options)`); this hands it the one made here.
  return function sharedBudgetStore() {
    return store;
  } as unknown as FastifyRateLimitStoreCtor;
}

function budget(limits: Config['limits'], request: FastifyRequest): number {
  const kind = rulesOf(request).budget;
  return kind === 'heavy' ? limits.heavyMax : kind === 'lookup' ? limits.lookupMax : 0;
}

function problemReply(description: string, code: 'RATE_LIMITED' | 'OVERLOADED', detail: string) {
  const { status, title } = problemCatalog[code];
  return {
    description,
    content: { 'application/problem+json': { schema: ProblemSchema, example: { type: problemType(code), title, status, detail, code } } },
  };
}

/** Declares 429 (and 503 for load shedding, where a route lacks it) in the OpenAPI document of every limited route. */
function declareLimitReplies(route: RouteOptions): void {
  const response = route.schema?.response as Record<string, unknown> | undefined;
  const cost = (route.config as { cost?: RouteCost } | undefined)?.cost ?? 'static';
  if (!response || costRules[cost].budget === 'none') return;
  response['503'] ??= problemReply(
    'Overloaded, or Neo4j is not reachable; Retry-After says when to retry (problem+json)',
    'OVERLOADED',
    'More than 64 data requests are in progress; retry in 1 s.',
  );
  if ('429' in response) return;
  response['429'] = {
    description: 'Too many requests from this client for this route class; Retry-After and RateLimit-* say when to retry (problem+json)',
    content: {
      'application/problem+json': {
        schema: ProblemSchema,
        example: {
          type: problemType('RATE_LIMITED'),
          title: problemCatalog.RATE_LIMITED.title,
          status: 429,
          detail: 'More than 120 requests in 60 s to retrieve, search, paths, neighborhood or graph; retry in 12 s.',
          code: 'RATE_LIMITED',
        },
      },
    },
  };
}

export const rateLimitPlugin = fp<{ limits: Config['limits'] }>(
  async (app, { limits }) => {
    app.addHook('onRoute', requireCost);
    app.addHook('onRoute', declareLimitReplies);
    await app.register(rateLimit, {
      global: true,
      store: limits.redisUrl ? sharedStore(app, limits.redisUrl) : BudgetStore,
      timeWindow: limits.rateLimitWindowMs,
      max: (request) => budget(limits, request),
      // Each class has its own budget per client.
      keyGenerator: (request) => `${rulesOf(request).budget}|${request.ip}`,
      allowList: (request) => budget(limits, request) === 0,
      // RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset (IETF draft) and Retry-After.
      enableDraftSpec: true,
      errorResponseBuilder: (request, context) => {
        const heavy = rulesOf(request).budget === 'heavy';
        return new ProblemError(
          'RATE_LIMITED',
          `More than ${context.max} requests in ${Math.round(limits.rateLimitWindowMs / 1000)} s to ${heavy ? 'retrieve, search, paths, neighborhood, quiz, learning path or graph' : 'lookup routes'}; retry in ${context.after}.`,
        );
      },
    });
  },
  { name: 'rate-limit' },
);
