// Load shedding: a cap on data requests handled at once, and @fastify/under-pressure refusing requests
// while the event loop lags. Both answer 503 OVERLOADED problem+json with Retry-After at once, so excess
// load costs milliseconds instead of queueing. Health routes are exempt: liveness must stay truthful.
// Also the drain switch: once draining, readiness is 503 and every other request is turned away politely.
import underPressure from '@fastify/under-pressure';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { ServiceUnavailableError } from '../errors.js';
import { costOf, costRules, type RouteCost, rulesOf } from '../http/route-cost.js';

export interface Traffic {
  /** Data requests being handled now. */
  readonly inFlight: number;
  /** True once shutdown began: readiness is 503 and new requests get 503 with `Connection: close`. */
  readonly draining: boolean;
  startDraining(): void;
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

export const loadSheddingPlugin = fp<{ limits: Config['limits'] }>(
  async (app, { limits }) => {
    let inFlight = 0;
    let heavyInFlight = 0;
    let draining = false;
    app.decorate('traffic', {
      get inFlight() {
        return inFlight;
      },
      get draining() {
        return draining;
      },
      startDraining() {
        draining = true;
      },
    } satisfies Traffic);

    app.addHook('onRequest', async (request, reply) => {
      if (draining) {
        // Readiness answers its own 503 (so orchestrators see the drain); everything else is told to go elsewhere.
        reply.header('connection', 'close');
        if (isHealthRoute(request)) return;
        throw new ServiceUnavailableError('SHUTTING_DOWN', 'The service is shutting down; retry on another instance or shortly.');
      }
    });

    // Admission after every onRequest hook, the rate limit's included (it runs as a route-level onRequest
    // hook): a request refused there never counts as in flight, so a flood of refusals cannot fill the cap and
    // shed other clients' requests, and costs no deadline timer. Still before the body is read.
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

    // The deadline for answering starts once the whole request is in (after the body is parsed): a client
    // that sends its body slowly is the HTTP request timeout's business (408), not a slow query's (503), and
    // one request gets one reply. This is the only handler deadline (Fastify's own would start at routing).
    app.addHook('preValidation', async (request, reply) => {
      if (!rulesOf(request).data) return;
      const deadline = setTimeout(() => {
        // A reply already streaming (the graph export) has its status on the wire; its own transaction timeout bounds it.
        if (!reply.sent && !reply.raw.headersSent)
          reply.send(new ServiceUnavailableError('QUERY_TIMEOUT', 'The request did not finish in time; try a narrower request.'));
      }, limits.handlerTimeoutMs);
      reply.raw.once('close', () => clearTimeout(deadline));
    });

    // While draining, every reply closes its connection, so no client is left holding an idle keep-alive
    // socket that the final close would reset under its next request.
    app.addHook('onSend', async (_request, reply, payload) => {
      if (draining) reply.header('connection', 'close');
      return payload;
    });

    if (limits.maxEventLoopDelayMs > 0) {
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
  },
  { name: 'load-shedding' },
);
