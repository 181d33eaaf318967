// API keys over HTTP (docs/curating.md): a route that needs a key says which scope in its config, next to its
// cost (`config: { cost: 'compute', scope: 'write' }`); with AUTH_READS=required every read under /v1 and /mcp
// needs `read`. Only those routes look at `Authorization: Bearer <key>`; the others (health, the docs, the
// explorer, public reads) never do. The check is a route-level onRequest hook added after the rate limit's,
// so a request is counted against its budget first, and it runs before the body is read or a slot is taken.
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { FailedAttempts } from '../auth/failed-attempts.js';
import { findLiveKey } from '../auth/keys.js';
import { grants, type Scope } from '../auth/scopes.js';
import { KeyVerifier, type Principal } from '../auth/verifier.js';
import type { Config } from '../config.js';
import { type ProblemCode, ProblemError, problemCatalog, problemType } from '../errors.js';
import { ProblemSchema } from '../routes/schemas.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a key must grant for this route (src/auth/scopes.ts); absent: a public read. */
    scope?: Scope;
    /**
     * A public route that does more for a key it is sent (/mcp: the write tools): a key, when sent, is checked
     * as on any route (401 when it is not valid) and sets `request.principal`; no key, no principal.
     */
    keyOptional?: boolean;
  }
  interface FastifyRequest {
    /** The key that authenticated this request; undefined on routes that need none. */
    principal: Principal | undefined;
  }
}

export const authTuning = {
  /** Failed authentications a client may make per rate-limit window before it is refused with 429. */
  failedAttemptsMax: 20,
};

const realm = 'concept-graph';

/** The OpenAPI security scheme every key-protected operation names. */
export const bearerAuthScheme = {
  type: 'http',
  scheme: 'bearer',
  description: 'An API key, `Authorization: Bearer cg_…`, created with `npm run keys -- create` (docs/curating.md).',
} as const;

function problemReply(code: ProblemCode, description: string, detail: string) {
  const { status, title } = problemCatalog[code];
  return {
    description,
    content: { 'application/problem+json': { schema: ProblemSchema, example: { type: problemType(code), title, status, detail, code } } },
  };
}

function authReplies(scope: Scope) {
  return {
    401: problemReply(
      'UNAUTHENTICATED',
      'No API key, or one that is malformed, unknown or revoked; WWW-Authenticate: Bearer (problem+json)',
      'This request needs an API key: send Authorization: Bearer <key>.',
    ),
    403: problemReply(
      'INSUFFICIENT_SCOPE',
      `The API key is valid but does not grant the ${scope} scope (problem+json)`,
      `The API key 'alice' does not grant the ${scope} scope this request needs.`,
    ),
  };
}

/**
 * What a route that needs a key declares, for routes to spread into their options:
 * `config: { cost: 'compute', ...writeAccess.config }` and, in the schema, `security: writeAccess.security`
 * and `response: { 201: …, ...writeAccess.responses }`. (The plugin fills in the schema parts a route leaves
 * out, so the document never misses them; declaring them keeps the route readable on its own.)
 */
export function requires(scope: Scope) {
  return {
    config: { scope },
    security: [{ bearerAuth: [scope] }],
    responses: authReplies(scope),
  };
}

/** The scope a route needs (optional: only when a key is sent), or undefined when it never looks at a key. */
function scopeNeeded(route: RouteOptions, reads: Config['auth']['reads']): { scope: Scope; optional: boolean } | undefined {
  const config = route.config as { scope?: Scope; keyOptional?: boolean } | undefined;
  if (config?.scope) return { scope: config.scope, optional: false };
  if (reads === 'required' && (route.url.startsWith('/v1/') || route.url === '/mcp')) return { scope: 'read', optional: false };
  return config?.keyOptional ? { scope: 'read', optional: true } : undefined;
}

/** Declares the security requirement and the 401 and 403 replies in the OpenAPI document, where missing. */
function declareAuth(route: RouteOptions, scope: Scope): void {
  const schema = route.schema as { security?: unknown; response?: Record<string, unknown>; hide?: boolean } | undefined;
  if (!schema || schema.hide) return;
  // Copies, not edits: a route's options may be a module constant shared by every app built in the process,
  // and whether a read needs a key is each app's own configuration.
  const replies = authReplies(scope);
  route.schema = {
    ...schema,
    security: schema.security ?? [{ bearerAuth: [scope] }],
    ...(schema.response ? { response: { 401: replies[401], 403: replies[403], ...schema.response } } : {}),
  } as RouteOptions['schema'];
}

/** The token of `Bearer <token>` (the scheme is case-insensitive), or undefined for any other header. */
function bearerToken(header: string): string | undefined {
  return /^Bearer +(\S+) *$/i.exec(header)?.[1];
}

/** A reply that depends on the key must not be served from a shared cache to a request without it. */
function varyOnAuthorization(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${String(vary)}, Authorization` : 'Authorization');
}

function unauthenticated(reply: FastifyReply, why: 'missing' | 'malformed' | 'invalid'): ProblemError {
  reply.header('www-authenticate', why === 'missing' ? `Bearer realm="${realm}"` : `Bearer realm="${realm}", error="invalid_token"`);
  const detail = {
    missing: 'This request needs an API key: send it as Authorization: Bearer <key>.',
    malformed: 'The Authorization header is not Bearer followed by a key this service issues.',
    invalid: 'The API key is not valid: it is unknown or has been revoked.',
  }[why];
  return new ProblemError('UNAUTHENTICATED', detail);
}

function insufficientScope(reply: FastifyReply, principal: Principal, scope: Scope): ProblemError {
  reply.header('www-authenticate', `Bearer realm="${realm}", error="insufficient_scope", scope="${scope}"`);
  return new ProblemError('INSUFFICIENT_SCOPE', `The API key '${principal.name}' does not grant the ${scope} scope this request needs.`, {
    requiredScope: scope,
  });
}

interface Checks {
  verifier: KeyVerifier;
  failures: FailedAttempts;
  windowMs: number;
}

/** The route-level onRequest hook of a route that needs `scope`. Nothing it throws carries the key. */
function authenticator(scope: Scope, { verifier, failures, windowMs }: Checks, optional = false) {
  return async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    varyOnAuthorization(reply);
    const header = request.headers.authorization;
    if (!header && optional) return;
    if (!header) throw unauthenticated(reply, 'missing');
    const presented = bearerToken(header);
    let principal = presented === undefined ? undefined : verifier.cached(presented);
    if (!principal) {
      // Counted before the work, so that many bad keys at once cannot all reach scrypt.
      const attempt = failures.begin(request.ip);
      if (!attempt.allowed) {
        const seconds = Math.max(1, Math.ceil(attempt.retryAfterMs / 1000));
        reply.header('retry-after', String(seconds));
        throw new ProblemError(
          'RATE_LIMITED',
          `More than ${authTuning.failedAttemptsMax} failed authentications in ${Math.round(windowMs / 1000)} s from this client; retry in ${seconds} s.`,
        );
      }
      try {
        principal = presented === undefined ? undefined : await verifier.verify(presented);
      } catch (error) {
        // Not a verdict on the key (Neo4j away, say): the attempt is not held against the client.
        failures.succeeded(request.ip);
        throw error;
      }
      if (!principal) throw unauthenticated(reply, presented === undefined ? 'malformed' : 'invalid');
      failures.succeeded(request.ip);
    }
    if (!grants(principal.scopes, scope)) throw insufficientScope(reply, principal, scope);
    request.principal = principal;
  };
}

export const authPlugin = fp<{ reads: Config['auth']['reads']; windowMs: number }>(
  async (app, { reads, windowMs }) => {
    const checks: Checks = {
      // app.graphDb rather than a request's view: one verification may serve several requests at once.
      verifier: new KeyVerifier({ findKey: (id) => findLiveKey(app.graphDb, id) }),
      failures: new FailedAttempts({ max: authTuning.failedAttemptsMax, windowMs }),
      windowMs,
    };
    app.decorateRequest('principal', undefined);
    app.addHook('onRoute', (route) => {
      const needed = scopeNeeded(route, reads);
      if (!needed) return;
      if (!needed.optional) declareAuth(route, needed.scope);
      const hook = authenticator(needed.scope, checks, needed.optional);
      // Route-level and added after the rate limit's (registered earlier), so it runs after it.
      route.onRequest = route.onRequest === undefined ? [hook] : [...[route.onRequest].flat(), hook];
    });
  },
  { name: 'auth', dependencies: ['rate-limit', 'neo4j'] },
);
