// The one error shape: every error, including unknown routes, wrong methods, validation failures, bad URL
// encoding and requests Node's HTTP parser refuses, leaves as RFC 9457 application/problem+json with a stable
// `code` and the request id. Details of 5xx errors go to the log only.

import { randomUUID } from 'node:crypto';
import { channel } from 'node:diagnostics_channel';
import { maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { type ProblemCode, ProblemError, problemCatalog, problemType } from '../errors.js';
import { driverErrorProblem } from '../graph/driver-errors.js';
import { type ProblemLogLevel, type ProblemRecord, recordProblem, writeAccessLog } from '../http/access-log.js';
import { RouteTable } from '../http/allowed-methods.js';
import { requestIdHeader } from './request-id.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string;
  requestId?: string;
  errors?: { in: string; path: string; message: string }[];
  [extension: string]: unknown;
}

export function problem(code: ProblemCode, detail: string, extensions: Record<string, unknown> = {}): Problem {
  const { status, title } = problemCatalog[code];
  return { type: problemType(code), title, status, detail, code, ...extensions };
}

/** Seconds a client should wait before retrying a 503 (or a 429 whose limiter named no time). */
export const retryAfterSeconds = 5;

const fastifyCodes: Partial<Record<string, ProblemCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_NOT_FOUND: 'ROUTE_NOT_FOUND',
  FST_ERR_HANDLER_TIMEOUT: 'QUERY_TIMEOUT',
  FST_ERR_BAD_URL: 'MALFORMED_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
};

/** For errors other plugins raise with only a status (rate limits, load shedding, body timeouts). */
const statusCodes: Partial<Record<number, ProblemCode>> = {
  403: 'FORBIDDEN',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  503: 'OVERLOADED',
};

/** A refusal stays small whatever was sent: a body of many unknown keys must not come back larger than it came. */
export const validationEchoLimits = { errors: 20, pathChars: 200, messageChars: 300 };

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function validationProblem(error: FastifyError): Problem {
  const where = error.validationContext ?? 'request';
  const issues = error.validation ?? [];
  const errors = issues.slice(0, validationEchoLimits.errors).map((issue) => ({
    in: where,
    path: clip(issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(root)', validationEchoLimits.pathChars),
    message: clip(issue.message ?? 'is not valid', validationEchoLimits.messageChars),
  }));
  const first = errors[0];
  const detail = first
    ? `${where} ${first.path === '(root)' ? '' : `'${first.path}' `}${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`
    : `The ${where} is not valid.`;
  return problem('VALIDATION_FAILED', detail, { errors });
}

/**
 * Maps any thrown value to a problem, with how loudly to log it: client mistakes at info, deliberate 503s
 * (not ready, shutting down) as warnings, anything else 5xx (a bug, Neo4j down or slow) as an error.
 */
export function toProblem(error: unknown): { body: Problem; log: ProblemLogLevel } {
  if (error instanceof ProblemError) {
    const body = problem(error.code, error.message, error.extensions);
    return { body, log: body.status < 500 ? 'info' : 'warn' };
  }
  const driverProblem = driverErrorProblem(error);
  if (driverProblem) return { body: problem(driverProblem.code, driverProblem.detail), log: driverProblem.log };
  const fastifyError = error as Partial<FastifyError>;
  if (hasZodFastifySchemaValidationErrors(error) || (Array.isArray(fastifyError.validation) && fastifyError.validation.length > 0)) {
    return { body: validationProblem(fastifyError as FastifyError), log: 'info' };
  }
  const status = fastifyError.statusCode;
  const mapped =
    (fastifyError.code ? fastifyCodes[fastifyError.code] : undefined) ?? (typeof status === 'number' ? statusCodes[status] : undefined);
  if (mapped) {
    const body = problem(mapped, fastifyError.message || problemCatalog[mapped].title);
    return { body, log: body.status < 500 ? 'info' : 'warn' };
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { body: { ...problem('BAD_REQUEST', fastifyError.message || 'Bad request'), status }, log: 'info' };
  }
  return { body: problem('INTERNAL_ERROR', 'An unexpected error occurred; it has been logged.'), log: 'error' };
}

export function sendProblem(reply: FastifyReply, body: Problem, record: Omit<ProblemRecord, 'code'> = { log: 'info' }): FastifyReply {
  const request = reply.request;
  recordProblem(request, { ...record, code: body.code });
  if ((body.status === 503 || body.status === 429) && !reply.hasHeader('retry-after'))
    reply.header('retry-after', String(retryAfterSeconds));
  // Set here as well as in the request-id plugin's hook: framework errors are answered before hooks run.
  reply.header(requestIdHeader, request.id);
  reply.header('x-content-type-options', 'nosniff');
  return reply
    .code(body.status)
    .type('application/problem+json')
    .send({ ...body, instance: body.instance ?? request.url, requestId: request.id });
}

/** Fastify's `frameworkErrors` option: URL decoding and router errors, raised before any hook runs. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { body, log } = toProblem(error);
  const detail =
    body.code === 'MALFORMED_URL'
      ? 'The URL path holds a malformed percent-encoding (such as %E0%A4%A); encode each byte as %XX.'
      : body.code === 'URI_TOO_LONG'
        ? 'A path segment of the URL is too long.'
        : body.detail;
  sendProblem(reply, { ...body, detail }, { log, error: log === 'error' ? error : undefined });
  // Fastify answers these outside the request lifecycle, so its log controller never hears of them.
  writeAccessLog(request, reply);
}

/** Node's limit on the request line and headers together. */
const headerLimitBytes = maxHeaderSize;

/**
 * Problems for requests Node's HTTP parser refuses before Fastify sees them (socket `clientError`). Node
 * reports one overflow for the request line and headers together; `rawPacket` (what had arrived) tells
 * which was too long: a request line taking more than half the limit makes it the URL's fault (414).
 */
export function clientErrorProblem(errorCode: string | undefined, rawPacket?: Buffer): Problem {
  switch (errorCode) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return problem('REQUEST_TIMEOUT', 'The request (headers and body) did not arrive in time.');
    case 'HPE_HEADER_OVERFLOW': {
      const lineEnd = rawPacket?.indexOf('\r\n') ?? -1;
      const requestLine = rawPacket ? (lineEnd === -1 ? rawPacket.byteLength : lineEnd) : 0;
      if (requestLine > headerLimitBytes / 2) {
        return problem(
          'URI_TOO_LONG',
          `The URL is too long: the request line and headers together must fit in ${headerLimitBytes / 1024} KiB.`,
        );
      }
      return problem(
        'HEADERS_TOO_LARGE',
        `The request line and headers together exceed the size the server accepts (${headerLimitBytes / 1024} KiB).`,
      );
    }
    case 'HPE_URI_TOO_LONG':
      return problem('URI_TOO_LONG', 'The URL is too long.');
    default:
      return problem(
        'MALFORMED_REQUEST',
        'The request is not valid HTTP/1.1. Characters outside ASCII in the URL (such as Korean text in ?q=) must be percent-encoded as UTF-8.',
      );
  }
}

/** Refusals answered below Fastify (parser errors, CONNECT, a bad Expect): /metrics counts them from here. */
export const refusedChannel = channel('concept-graph:refused');

/**
 * A whole problem+json reply written straight to a socket that Fastify never took over, with a request id
 * of its own, then the socket closed. Published on `refusedChannel` so it is counted like any reply.
 */
export function refuseOnSocket(socket: Socket, problemBody: Problem, log: FastifyBaseLogger, reason: string): void {
  const requestId = randomUUID();
  const body = { ...problemBody, requestId };
  log.info({ status: body.status, code: body.code, requestId, reason }, 'request refused before routing');
  refusedChannel.publish({ status: body.status, code: body.code });
  if (socket.writable) {
    const json = JSON.stringify(body);
    socket.write(
      `HTTP/1.1 ${body.status} ${body.title}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(json)}\r\n` +
        `${requestIdHeader}: ${requestId}\r\n` +
        'X-Content-Type-Options: nosniff\r\n' +
        'Connection: close\r\n\r\n' +
        json,
    );
  }
  socket.end();
  socket.destroySoon();
}

/** Fastify's `clientErrorHandler` option: answers on the raw socket, as problem+json. */
export function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset or already closed socket has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // A reply to this request already started: a second one would desynchronise the connection for a
  // keep-alive client or a proxy. Close it instead (Node's own default handler makes the same check).
  if ((socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent) {
    socket.destroy(error);
    return;
  }
  refuseOnSocket(
    socket,
    clientErrorProblem(error.code, (error as { rawPacket?: Buffer }).rawPacket),
    this.log,
    error.code ?? error.message,
  );
}

/** A plain OPTIONS (not a CORS preflight, which needs Origin and Access-Control-Request-Method). */
function isPlainOptions(request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' && !(request.headers.origin && request.headers['access-control-request-method']);
}

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? request.url;
}

export const errorHandlerPlugin = fp(
  async (app) => {
    const routes = new RouteTable();
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.add({ method, url: route.url });
    });

    app.addHook('onRequest', async (request, reply) => {
      // Unknown routes and wrong methods are answered before any body is read (a QUERY or PUT with no
      // content type would otherwise be refused for its body, not its method).
      if (request.is404) return sendNotFound(request, reply);
      // A plain OPTIONS asks which methods a path takes; the CORS plugin would call it a bad preflight (text/plain).
      if (isPlainOptions(request)) {
        const allowed = routes.allowed(pathOf(request));
        if (allowed.length === 0) return sendNotFound(request, reply);
        return reply
          .code(204)
          .header('allow', [...allowed, 'OPTIONS'].join(', '))
          .header(requestIdHeader, request.id)
          .send();
      }
      return undefined;
    });

    function sendNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
      const path = pathOf(request);
      const allowed = routes.allowed(path);
      // A route that takes this method and still found nothing (a file under a static prefix, say) is a 404.
      if (allowed.length > 0 && !allowed.includes(request.method)) {
        reply.header('allow', allowed.join(', '));
        return sendProblem(
          reply,
          problem('METHOD_NOT_ALLOWED', `${path} does not take ${request.method}; it takes ${allowed.join(', ')}.`),
        );
      }
      return sendProblem(
        reply,
        problem('ROUTE_NOT_FOUND', `No route matches ${request.method} ${path}. The API is described at /openapi.json and /docs.`),
      );
    }

    app.setErrorHandler((error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void => {
      const { body, log } = toProblem(error);
      // Nothing returned: a returned reply is a thenable, and Fastify would wait on it (listeners on the
      // response until it finishes) for every error reply, work a flood of refusals should not pay for.
      sendProblem(reply, body, { log, error: log === 'error' ? error : undefined });
    });
    app.setNotFoundHandler(sendNotFound);
  },
  { name: 'error-handler' },
);
