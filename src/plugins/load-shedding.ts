// Load shedding: a cap on data requests handled at once, and @fastify/under-pressure refusing requests
// while the event loop lags. Both answer 503 OVERLOADED problem+json with Retry-After at once, so excess
// load costs milliseconds instead of queueing. Health routes are exempt: liveness must stay truthful.
// Also each data request's deadline. Turning requests away during shutdown is plugins/lifecycle.ts's.
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { ServiceUnavailableError } from '../errors.js';
import { costOf, costRules, type RouteCost, rulesOf } from '../http/route-cost.js';

export interface Traffic {
  /** Data requests being handled now. */
  readonly inFlight: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    traffic: Traffic;
  }
}

/** Seconds a shed client is asked to wait; short, because shedding clears as soon as load drops. */
const shedRetryAfterSeconds = 1;

/** Liveness and readiness: never shed, queued or limited, so they stay truthful under load. */
export function isHealthRoute(request: FastifyRequest): boolean {
  return costOf(request) === 'health';
}

/**
 * Whether a lag reading sheds this request. Only data routes are shed (the page, its assets, the docs and
 * health are cheap). under-pressure reports Infinity when its window recorded no sample (its timer ran
 * before the delay monitor's): a missing measurement, not lag, so nothing is shed on it.
 */
export function shedsOnLag(cost: RouteCost, value: unknown): boolean {
  return costRules[cost].data && !(typeof value === 'number' && !Number.isFinite(value));
}

function overloaded(reply: FastifyReply, detail: string): ServiceUnavailableError {
  reply.header('retry-after', String(shedRetryAfterSeconds));
  return new ServiceUnavailableError('OVERLOADED', detail);
}

/**
 * The in-flight caps, checked in preParsing: after every onRequest hook, the rate limit's included (it runs
 * as a route-level onRequest hook), so a request refused there never counts as in flight, a flood of
 * refusals cannot fill the cap and shed other clients' requests, and it costs no deadline timer. Still
 * before the body is read.
 */
function addAdmission(app: FastifyInstance, limits: Config['limits']): Traffic {
  let inFlight = 0;
  let heavyInFlight = 0;
  app.addHook('preParsing', async (request, reply) => {
    const rules = rulesOf(request);
    if (!rules.data) return;
    if (inFlight >= limits.maxInFlight) {
      throw overloaded(reply, `More than ${limits.maxInFlight} data requests are in progress; retry in ${shedRetryAfterSeconds} s.`);
    }
    // CPU-heavy routes run their ranking and graph walks on the event loop: a few at a time keep every turn
    // short. Exports stream for long and mostly wait on the socket; /mcp runs its tool calls one at a time.
    const heavy = rules.cpuHeavy;
    if (heavy && heavyInFlight >= limits.maxInFlightHeavy) {
      throw overloaded(
        reply,
        `More than ${limits.maxInFlightHeavy} retrieve, search, paths, neighborhood, quiz or learning-path requests are in progress; retry in ${shedRetryAfterSeconds} s.`,
      );
    }
    inFlight++;
    if (heavy) heavyInFlight++;
    // 'close' fires once whether the reply finished or the client went away.
    reply.raw.once('close', () => {
      inFlight--;
      if (heavy) heavyInFlight--;
    });
  });
  return {
    get inFlight() {
      return inFlight;
    },
  };
}

/**
 * The deadline for answering starts once the whole request is in (after the body is parsed): a client that
 * sends its body slowly is the HTTP request timeout's business (408), not a slow query's (503), and one
 * request gets one reply. This is the only handler deadline (Fastify's own would start at routing).
 */
function addDeadline(app: FastifyInstance, limits: Config['limits']): void {
  app.addHook('preValidation', async (request, reply) => {
    if (!rulesOf(request).data) return;
    const deadline = setTimeout(() => {
      // A reply already streaming (the graph export) has its status on the wire; its own transaction timeout bounds it.
      if (!reply.sent && !reply.raw.headersSent)
        reply.send(new ServiceUnavailableError('QUERY_TIMEOUT', 'The request did not finish in time; try a narrower request.'));
    }, limits.handlerTimeoutMs);
    reply.raw.once('close', () => clearTimeout(deadline));
  });
}

/** @fastify/under-pressure: data routes answer 503 while the event loop lags (off when the limit is 0). */
async function registerLagShedding(app: FastifyInstance, limits: Config['limits']): Promise<void> {
  if (limits.maxEventLoopDelayMs <= 0) return;
  await app.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    sampleInterval: 200,
    pressureHandler: (request, reply, type, value) => {
      if (!shedsOnLag(costOf(request), value)) return undefined;
      const lag = typeof value === 'number' ? ` (${Math.round(value)} ms)` : '';
      return Promise.reject(overloaded(reply, `The server is overloaded: ${type}${lag}; retry in ${shedRetryAfterSeconds} s.`));
    },
  });
}

export const loadSheddingPlugin = fp<{ limits: Config['limits'] }>(
  async (app, { limits }) => {
    app.decorate('traffic', addAdmission(app, limits));
    addDeadline(app, limits);
    await registerLagShedding(app, limits);
  },
  { name: 'load-shedding' },
);
