// API keys through the app: a write-scoped route (registered here until the real write routes exist), reads
// with AUTH_READS=required, what the OpenAPI document says, that keys never reach the logs, and failed
// attempts against the rate limits.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/app.js';
import { createKey, ensureKeySchema, formatKey, parseKey, revokeKey } from '../../src/auth/keys.js';
import type { Config } from '../../src/config.js';
import { replySerializerCompiler } from '../../src/http/reply-serializer.js';
import { authTuning, requires } from '../../src/plugins/auth.js';
import { jsonReply } from '../../src/routes/schemas.js';
import { testConfig } from '../helpers/app.js';
import { useSeededGraph } from '../helpers/seeded-app.js';

interface AppOptions {
  reads?: Config['auth']['reads'];
  limits?: Partial<Config['limits']>;
  /** Collects every log line (level trace) when given. */
  lines?: string[];
}

const writeAccess = requires('write');

/** The app with one extra route that needs the write scope and answers with the principal's name. */
async function authApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const base = testConfig();
  const lines = options.lines;
  const app = await buildApp(
    { ...base, auth: { reads: options.reads ?? 'public' }, limits: { ...base.limits, ...options.limits } },
    { logger: lines ? { level: 'trace', stream: { write: (line: string) => void lines.push(line) } } : false },
  );
  await app.register(async (scope) => {
    scope.setValidatorCompiler(validatorCompiler);
    scope.setSerializerCompiler(replySerializerCompiler(true));
    scope.post(
      '/v1/test-notes',
      {
        schema: {
          operationId: 'createTestNote',
          tags: ['concepts'],
          summary: 'A write-scoped route for the auth tests',
          security: writeAccess.security,
          body: z.strictObject({ text: z.string().min(1) }),
          response: { 200: jsonReply(z.object({ by: z.string() }), 'Who wrote it', { by: 'alice' }), ...writeAccess.responses },
        },
        config: { cost: 'lookup', ...writeAccess.config },
      },
      async (request) => {
        // As careless code might: the redaction must hold anyway.
        request.log.info({ headers: request.headers, req: { headers: request.headers } }, 'test route saw its headers');
        return { by: request.principal?.name ?? 'nobody' };
      },
    );
  });
  await app.ready();
  return app;
}

const graph = useSeededGraph();
const issued: Record<'reader' | 'writer' | 'admin' | 'revoked', string> = { reader: '', writer: '', admin: '', revoked: '' };

beforeAll(async () => {
  const db = graph.db();
  await ensureKeySchema(db);
  issued.reader = (await createKey(db, { name: 'reader', scopes: ['read'] })).key;
  issued.writer = (await createKey(db, { name: 'writer', scopes: ['write'] })).key;
  issued.admin = (await createKey(db, { name: 'admin', scopes: ['admin'] })).key;
  issued.revoked = (await createKey(db, { name: 'revoked', scopes: ['write'] })).key;
  await revokeKey(db, 'revoked');
});

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
/** The issued writer key with another secret of the same length. */
const wrongSecret = (fill: string) => formatKey(parseKey(issued.writer)?.id ?? '', fill.repeat(43));

function postNote(app: FastifyInstance, headers: Record<string, string> = {}, remoteAddress?: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/v1/test-notes',
    headers,
    payload: { text: 'hello' },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
}

function expectProblem(reply: LightMyRequestResponse, status: number, code: string): void {
  expect(reply.statusCode, reply.body).toBe(status);
  expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(reply.json()).toMatchObject({ status, code });
}

describe('a route that needs the write scope', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await authApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 401 with WWW-Authenticate: Bearer when no key is sent, before reading the body', async () => {
    const reply = await postNote(app);
    expectProblem(reply, 401, 'UNAUTHENTICATED');
    expect(reply.headers['www-authenticate']).toBe('Bearer realm="concept-graph"');
    expect(String(reply.headers.vary)).toMatch(/Authorization/);
    const badBody = await app.inject({ method: 'POST', url: '/v1/test-notes', payload: { nope: 1 } });
    expectProblem(badBody, 401, 'UNAUTHENTICATED');
  });

  it('answers 401 invalid_token for a malformed header, an unknown key, a wrong secret and a revoked key', async () => {
    const presented = {
      basic: { authorization: 'Basic d3JpdGVyOnNlY3JldA==' },
      notAKey: bearer('not-a-key'),
      unknown: bearer(formatKey('ffffffffffffffff', 'x'.repeat(43))),
      wrongSecret: bearer(wrongSecret('W')),
      revoked: bearer(issued.revoked),
    };
    for (const [what, headers] of Object.entries(presented)) {
      const reply = await postNote(app, headers);
      expect(reply.statusCode, what).toBe(401);
      expect(reply.json().code, what).toBe('UNAUTHENTICATED');
      expect(reply.headers['www-authenticate'], what).toBe('Bearer realm="concept-graph", error="invalid_token"');
    }
  });

  it('answers 403 INSUFFICIENT_SCOPE to a key with the read scope only', async () => {
    const reply = await postNote(app, bearer(issued.reader));
    expectProblem(reply, 403, 'INSUFFICIENT_SCOPE');
    expect(reply.json()).toMatchObject({ requiredScope: 'write' });
    expect(reply.headers['www-authenticate']).toBe('Bearer realm="concept-graph", error="insufficient_scope", scope="write"');
  });

  it('lets a write or admin key through, with its name on the request', async () => {
    for (const [name, key] of [
      ['writer', issued.writer],
      ['admin', issued.admin],
    ] as const) {
      const reply = await postNote(app, bearer(key));
      expect(reply.statusCode, reply.body).toBe(200);
      expect(reply.json()).toEqual({ by: name });
    }
    // The scheme name is case-insensitive.
    expect((await postNote(app, { authorization: `bearer ${issued.writer}` })).statusCode).toBe(200);
  });

  it('leaves reads public by default: no key needed, and a key sent there is not even looked at', async () => {
    for (const headers of [{}, { authorization: 'Bearer not-a-key' }]) {
      const reply = await app.inject({ method: 'GET', url: '/v1/concepts/containerd', headers });
      expect(reply.statusCode, reply.body).toBe(200);
      expect(String(reply.headers.vary ?? '')).not.toMatch(/Authorization/);
    }
  });

  it('declares the bearer scheme, the scope and the 401 and 403 replies in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    const operation = document.paths['/v1/test-notes'].post;
    expect(operation.security).toEqual([{ bearerAuth: ['write'] }]);
    expect(operation.responses['401'].content['application/problem+json'].example.code).toBe('UNAUTHENTICATED');
    expect(operation.responses['403'].content['application/problem+json'].example.code).toBe('INSUFFICIENT_SCOPE');
    const read = document.paths['/v1/concepts/{id}'].get;
    expect(read.security).toBeUndefined();
    expect(read.responses['401']).toBeUndefined();
  });
});

describe('AUTH_READS=required', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await authApp({ reads: 'required' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 401 to a read under /v1 without a key, and the read with any valid key', async () => {
    for (const method of ['GET', 'HEAD'] as const) {
      const refused = await app.inject({ method, url: '/v1/concepts/containerd' });
      expect(refused.statusCode, method).toBe(401);
      expect(refused.headers['www-authenticate']).toBe('Bearer realm="concept-graph"');
      const allowed = await app.inject({ method, url: '/v1/concepts/containerd', headers: bearer(issued.reader) });
      expect(allowed.statusCode, method).toBe(200);
      expect(String(allowed.headers.vary)).toMatch(/Authorization/);
    }
    expect((await app.inject({ method: 'GET', url: '/v1/search?q=docker', headers: bearer(issued.writer) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/search?q=docker', headers: bearer(issued.revoked) })).statusCode).toBe(401);
  });

  it('needs a key for /mcp too', async () => {
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'auth-test', version: '1' } },
    };
    const headers = { host: '127.0.0.1', accept: 'application/json, text/event-stream', 'content-type': 'application/json' };
    const refused = await app.inject({ method: 'POST', url: '/mcp', headers, payload: initialize });
    expectProblem(refused, 401, 'UNAUTHENTICATED');
    const allowed = await app.inject({
      method: 'POST',
      url: '/mcp',
      headers: { ...headers, ...bearer(issued.reader) },
      payload: initialize,
    });
    expect(allowed.statusCode, allowed.body).toBe(200);
  });

  it('keeps health, the document and the docs page public', async () => {
    for (const url of ['/health/live', '/openapi.json', '/docs']) {
      const reply = await app.inject({ method: 'GET', url });
      expect(reply.statusCode, url).toBeLessThan(400);
    }
  });

  it('declares the read scope and 401 on every /v1 read, and nothing on health', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const read = document.paths['/v1/concepts/{id}'].get;
    expect(read.security).toEqual([{ bearerAuth: ['read'] }]);
    expect(read.responses['401']).toBeDefined();
    expect(document.paths['/health/live'].get.security).toBeUndefined();
  });
});

describe('keys in the logs', () => {
  it('never writes a key or its secret, whoever logs the request headers', async () => {
    const lines: string[] = [];
    const app = await authApp({ reads: 'required', lines });
    try {
      const bad = wrongSecret('L');
      await postNote(app, bearer(issued.writer));
      await postNote(app, bearer(issued.reader));
      await postNote(app, bearer(bad));
      await postNote(app, { authorization: `Bearer ${issued.revoked}` });
      await app.inject({ method: 'GET', url: '/v1/concepts/containerd', headers: bearer(issued.reader) });
      await app.inject({ method: 'GET', url: '/v1/concepts/containerd', headers: { authorization: 'Bearer cg_garbage_not_a_key' } });
      const log = lines.join('');
      expect(log).toMatch(/test route saw its headers/);
      expect(log).toMatch(/\[redacted\]/);
      for (const key of [issued.writer, issued.reader, issued.revoked, bad, 'cg_garbage_not_a_key']) {
        expect(log).not.toContain(key);
        expect(log).not.toContain(parseKey(key)?.secret ?? key);
      }
    } finally {
      await app.close();
    }
  });
});

describe('failed attempts and the rate limits', () => {
  it('refuses a client with 429 once its failed attempts reach the limit, before looking up any more keys', async () => {
    const app = await authApp();
    try {
      let lookups = 0;
      app.graphDb.observe((name) => {
        if (name === 'findLiveApiKey') lookups++;
      });
      const fills = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.slice(0, authTuning.failedAttemptsMax).split('');
      const failures = await Promise.all(fills.map((fill) => postNote(app, bearer(wrongSecret(fill)))));
      expect(failures.map((reply) => reply.statusCode)).toEqual(fills.map(() => 401));
      expect(lookups).toBe(authTuning.failedAttemptsMax);

      const refused = await Promise.all([postNote(app, bearer(wrongSecret('z'))), postNote(app, bearer(issued.writer))]);
      for (const reply of refused) {
        expectProblem(reply, 429, 'RATE_LIMITED');
        expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(lookups).toBe(authTuning.failedAttemptsMax);
      // Another client is not held to the first one's failures.
      expect((await postNote(app, bearer(wrongSecret('y')), '10.1.2.3')).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('counts refused keys against the route budget too, so they use up what the client may send', async () => {
    const app = await authApp({ limits: { lookupMax: 3, rateLimitWindowMs: 60_000 } });
    try {
      for (let i = 0; i < 3; i++) expect((await postNote(app, bearer('not-a-key'))).statusCode).toBe(401);
      expectProblem(await postNote(app, bearer(issued.writer)), 429, 'RATE_LIMITED');
    } finally {
      await app.close();
    }
  });
});
