// Domain errors. Anything thrown from graph/, seed/ or routes/ that a client should see is a ProblemError;
// the error handler turns it into RFC 9457 application/problem+json.

/** Every stable `code` a client can receive, with its HTTP status and a short title. */
export const problemCatalog = {
  VALIDATION_FAILED: { status: 400, title: 'The request is not valid' },
  BAD_REQUEST: { status: 400, title: 'Bad request' },
  MALFORMED_REQUEST: { status: 400, title: 'The request is not valid HTTP' },
  MALFORMED_URL: { status: 400, title: 'The URL is not validly percent-encoded' },
  MALFORMED_BODY: { status: 400, title: 'The request body could not be parsed' },
  INVALID_CURSOR: { status: 400, title: 'The pagination cursor is not valid' },
  UNKNOWN_RELATION_TYPE: { status: 400, title: 'Unknown relation type' },
  UNKNOWN_CATEGORY: { status: 400, title: 'Unknown category' },
  UNAUTHENTICATED: { status: 401, title: 'A valid API key is required' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  INSUFFICIENT_SCOPE: { status: 403, title: 'The API key does not allow this request' },
  HOST_NOT_ALLOWED: { status: 403, title: 'The Host header names a host this endpoint does not serve' },
  ORIGIN_NOT_ALLOWED: { status: 403, title: 'Requests from this origin are not allowed' },
  CONCEPT_NOT_FOUND: { status: 404, title: 'Concept not found' },
  RELATION_NOT_FOUND: { status: 404, title: 'Relation not found' },
  ROUTE_NOT_FOUND: { status: 404, title: 'Route not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  CONCEPT_EXISTS: { status: 409, title: 'A concept with this id exists' },
  RELATION_EXISTS: { status: 409, title: 'This relation exists' },
  CONCEPT_HAS_RELATIONS: { status: 409, title: 'The concept still has relations' },
  PRECONDITION_FAILED: { status: 412, title: 'The element changed since the ETag in If-Match was read' },
  PRECONDITION_REQUIRED: { status: 428, title: 'This write needs an If-Match header with the element’s ETag' },
  REQUEST_TIMEOUT: { status: 408, title: 'The request was not received in time' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  EXPECTATION_FAILED: { status: 417, title: 'The Expect header asks for something this server does not do' },
  URI_TOO_LONG: { status: 414, title: 'The URL is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, title: 'The request headers are too large' },
  INTERNAL_ERROR: { status: 500, title: 'Internal server error' },
  NEO4J_UNAVAILABLE: { status: 503, title: 'The graph database is not reachable' },
  QUERY_TIMEOUT: { status: 503, title: 'The graph query took too long' },
  NOT_READY: { status: 503, title: 'The service is not ready' },
  SHUTTING_DOWN: { status: 503, title: 'The service is shutting down' },
  OVERLOADED: { status: 503, title: 'The service is overloaded' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof problemCatalog;

/** A URI naming the problem type; a URN because the service has no canonical public host. */
export function problemType(code: ProblemCode): string {
  return `urn:concept-graph:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

export class ProblemError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ProblemCode,
    detail: string,
    /** Extension members added to the problem body (RFC 9457 §3.2), e.g. `validTypes`. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    // A problem is an answer, not a fault: no stack is captured (formatting one through source maps is a
    // large share of a refusal's CPU under a flood of 429s).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(detail);
    Error.stackTraceLimit = stackTraceLimit;
    this.name = 'ProblemError';
    this.status = problemCatalog[code].status;
    this.title = problemCatalog[code].title;
  }
}

export class NotFoundError extends ProblemError {}
export class BadRequestError extends ProblemError {}
export class ServiceUnavailableError extends ProblemError {}

export function conceptNotFound(id: string): NotFoundError {
  return new NotFoundError('CONCEPT_NOT_FOUND', `No concept has the id '${id}'.`, { conceptId: id });
}

export function relationNotFound(id: string): NotFoundError {
  return new NotFoundError('RELATION_NOT_FOUND', `No relation has the id '${id}'.`, { relationId: id });
}
