// What a route costs, declared once beside the route (`config: { cost: 'compute' }`) and read by every
// plugin that treats routes differently: rate limits, load shedding, the turn queue and the deadline.
// Adding a route is then one place: its file says what it costs, and the plugins follow.
import type { FastifyRequest, RouteOptions } from 'fastify';

/**
 * - `health`: liveness and readiness; never limited, shed, queued or deadlined, so they stay truthful.
 * - `lookup`: an index-anchored read of a bounded size.
 * - `compute`: JavaScript on the event loop over graph reads (ranking, walks, quiz rules): few at a time.
 * - `stream`: the whole graph, written while it is read; long, but mostly waiting on the socket.
 * - `relay`: /mcp, whose tools call the graph directly, one at a time per request.
 * - `static`: the page, its assets, the docs, /metrics: cheap, never touch Neo4j.
 * - `feed`: a Server-Sent Events stream that stays open for hours and mostly idles: it draws on the heavy
 *   budget to open, but holds no in-flight slot and has no deadline (the feed caps its subscribers itself).
 */
export type RouteCost = 'health' | 'lookup' | 'compute' | 'stream' | 'relay' | 'static' | 'feed';

declare module 'fastify' {
  interface FastifyContextConfig {
    cost?: RouteCost;
    /** `false`: the reply cache leaves this GET alone (no ETag, no stored reply), e.g. a live stream. */
    cache?: false;
  }
}

interface CostRules {
  /** Which per-client rate-limit budget the route draws on. */
  budget: 'none' | 'lookup' | 'heavy';
  /** Counted against the in-flight cap, shed while the event loop lags, and given the handler deadline. */
  data: boolean;
  /** Also counted against the small cap on CPU-heavy requests in flight. */
  cpuHeavy: boolean;
  /** Starts from the turn queue (plugins/turn-budget.ts) rather than at once. */
  queued: boolean;
}

export const costRules: Record<RouteCost, CostRules> = {
  health: { budget: 'none', data: false, cpuHeavy: false, queued: false },
  lookup: { budget: 'lookup', data: true, cpuHeavy: false, queued: true },
  compute: { budget: 'heavy', data: true, cpuHeavy: true, queued: true },
  stream: { budget: 'heavy', data: true, cpuHeavy: false, queued: true },
  relay: { budget: 'heavy', data: true, cpuHeavy: true, queued: true },
  static: { budget: 'lookup', data: false, cpuHeavy: false, queued: true },
  feed: { budget: 'heavy', data: false, cpuHeavy: false, queued: true },
};

/** Routes that have no cost of their own (Fastify's 404, plugins' routes) are `static`. */
export function costOf(request: FastifyRequest): RouteCost {
  return request.routeOptions?.config?.cost ?? 'static';
}

export function rulesOf(request: FastifyRequest): CostRules {
  return costRules[costOf(request)];
}

/** An `onRoute` hook: every route of the API (under `/v1/`) must say what it costs. */
export function requireCost(route: RouteOptions): void {
  const declared = (route.config as { cost?: RouteCost } | undefined)?.cost;
  if (route.url.startsWith('/v1/') && declared === undefined) {
    throw new Error(`route ${route.method} ${route.url} declares no cost: add config: { cost } (src/http/route-cost.ts)`);
  }
}
