// One access-log line per request, in place of Fastify's two: method, route, status, duration, request id
// (the logger's `requestId` binding) and the problem `code` of an error reply. Client errors are info; server
// errors are errors with the stack of what caused them (deliberate 503s such as "shutting down" are warnings).
import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';
import type { ProblemCode } from '../errors.js';
import { costOf } from './route-cost.js';

export type ProblemLogLevel = 'info' | 'warn' | 'error';

/** What the access log needs to know about a reply that carried a problem. */
export interface ProblemRecord {
  code: ProblemCode;
  log: ProblemLogLevel;
  /** The error behind a 5xx, logged with its stack. */
  error?: unknown;
}

const problems = new WeakMap<FastifyRequest, ProblemRecord>();

/** Called by the error handler for every problem reply it sends. */
export function recordProblem(request: FastifyRequest, record: ProblemRecord): void {
  problems.set(request, record);
}

/** Paths are logged for unmatched routes only, and cut short: a URL can be 16 KiB of anything. */
const maxLoggedPath = 200;

/** Pino's level numbers; a level writes what is at or above it. */
const levelValues: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const writes = (configured: string, level: 'info' | 'warn' | 'error') =>
  (levelValues[level] ?? 0) >= (levelValues[configured] ?? Number.POSITIVE_INFINITY);

export function writeAccessLog(request: FastifyRequest, reply: FastifyReply): void {
  const status = reply.statusCode;
  const problem = problems.get(request);
  // A health route's 503 answers a question about the service's state (still starting, Neo4j away): the
  // transitions themselves are logged where they happen, so each poll is no warning.
  const level = status < 500 || costOf(request) === 'health' ? 'info' : problem?.log === 'warn' ? 'warn' : 'error';
  // The line is built only when it will be written (LOG_LEVEL=warn or error drops the 2xx-4xx lines).
  if (!writes(request.log.level, level)) return;
  const route = request.routeOptions?.url;
  const elapsed = reply.elapsedTime;
  const line = {
    method: request.method,
    route: route ?? null,
    ...(route === undefined ? { path: (request.url.split('?')[0] ?? '').slice(0, maxLoggedPath) } : {}),
    status,
    ...(Number.isFinite(elapsed) ? { durationMs: Math.round(elapsed * 10) / 10 } : {}),
    ...(problem ? { code: problem.code } : {}),
  };
  if (level === 'info') {
    request.log.info(line, 'request');
  } else {
    request.log[level]({ ...line, ...(problem?.error ? { err: problem.error } : {}) }, 'request failed');
  }
}

/** Fastify's `logController` option. */
export class AccessLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'requestId' });
  }

  override incomingRequest(): void {}

  override requestCompleted(_error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    writeAccessLog(request, reply);
  }

  /** Every error reply goes through plugins/error-handler.ts, which records it for the completed line. */
  override routeNotFound(): void {}
  override defaultErrorLog(): void {}
}

/**
 * Credentials never reach a log line, whatever logs a request's headers (this file's lines carry none): pino
 * replaces the `Authorization` value wherever a headers object is logged, up to two levels down.
 */
export const logRedaction = {
  paths: ['headers.authorization', '*.headers.authorization', '*.*.headers.authorization'],
  censor: '[redacted]',
};

/** Fastify's `logger` option with the redaction added (a disabled logger stays disabled). */
export function withLogRedaction(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  return typeof logger === 'object' && logger !== null ? { ...logger, redact: logRedaction } : logger;
}
