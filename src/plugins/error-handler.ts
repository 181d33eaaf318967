// The one error shape: every error, including unknown routes and validation failures, leaves as
// RFC 9457 application/problem+json with a stable `code`. Details of 5xx errors go to the log only.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Neo4jError } from 'neo4j-driver';
import { type ProblemCode, ProblemError, problemCatalog, problemType } from '../errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string;
  errors?: { in: string; path: string; message: string }[];
  [extension: string]: unknown;
}

export function problem(code: ProblemCode, detail: string, extensions: Record<string, unknown> = {}): Problem {
  const { status, title } = problemCatalog[code];
  return { type: problemType(code), title, status, detail, code, ...extensions };
}

const fastifyCodes: Partial<Record<string, ProblemCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_NOT_FOUND: 'ROUTE_NOT_FOUND',
  FST_ERR_HANDLER_TIMEOUT: 'QUERY_TIMEOUT',
};

const unavailableNeo4jCodes = new Set([
  'ServiceUnavailable',
  'SessionExpired',
  'Neo.TransientError.General.DatabaseUnavailable',
  'Neo.ClientError.Database.DatabaseNotFound',
]);

function validationProblem(error: FastifyError): Problem {
  const where = error.validationContext ?? 'request';
  const errors = (error.validation ?? []).map((issue) => ({
    in: where,
    path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)',
    message: issue.message ?? 'is not valid',
  }));
  const first = errors[0];
  const detail = first
    ? `${where} ${first.path === '(root)' ? '' : `'${first.path}' `}${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`
    : `The ${where} is not valid.`;
  return problem('VALIDATION_FAILED', detail, { errors });
}

/**
 * Maps any thrown value to a problem, with how loudly to log it: deliberate problems (a 404, "not ready")
 * not at all, a database that is down or slow as a warning, anything unexpected as an error with its stack.
 */
export function toProblem(error: unknown): { body: Problem; log: 'none' | 'warn' | 'error' } {
  if (error instanceof ProblemError) {
    return { body: problem(error.code, error.message, error.extensions), log: 'none' };
  }
  if (error instanceof Neo4jError) {
    if (error.code.includes('TransactionTimedOut')) {
      return { body: problem('QUERY_TIMEOUT', 'The graph query did not finish in time; try a narrower request.'), log: 'warn' };
    }
    if (unavailableNeo4jCodes.has(error.code) || /acquisition timed out|connect/i.test(error.message)) {
      return { body: problem('NEO4J_UNAVAILABLE', 'The graph database is not reachable right now; try again shortly.'), log: 'warn' };
    }
  }
  const fastifyError = error as Partial<FastifyError>;
  if (hasZodFastifySchemaValidationErrors(error) || (Array.isArray(fastifyError.validation) && fastifyError.validation.length > 0)) {
    return { body: validationProblem(fastifyError as FastifyError), log: 'none' };
  }
  const mapped = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (mapped) return { body: problem(mapped, fastifyError.message ?? problemCatalog[mapped].title), log: 'none' };
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { body: { ...problem('BAD_REQUEST', fastifyError.message ?? 'Bad request'), status }, log: 'none' };
  }
  return { body: problem('INTERNAL_ERROR', 'An unexpected error occurred; it has been logged.'), log: 'error' };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  // A limiter that set its own Retry-After (rate limit, load shedding) knows better than the default.
  if ((body.status === 503 || body.status === 429) && !reply.hasHeader('retry-after')) reply.header('retry-after', '5');
  return reply.code(body.status).type('application/problem+json').send(body);
}

export const errorHandlerPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const { body, log } = toProblem(error);
      if (log === 'error') request.log.error({ err: error }, 'request failed');
      else if (log === 'warn') request.log.warn({ code: body.code, reason: error.message }, 'request failed: Neo4j unavailable or slow');
      return sendProblem(reply, { ...body, instance: request.url });
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, {
        ...problem(
          'ROUTE_NOT_FOUND',
          `No route matches ${request.method} ${request.url.split('?')[0]}. The API is described at /openapi.json and /docs.`,
        ),
        instance: request.url,
      }),
    );
  },
  { name: 'error-handler' },
);
