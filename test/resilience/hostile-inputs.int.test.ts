// Requests an attacker or a careless client sends, over a real socket to the listening app (some never reach
// Fastify: Node's HTTP parser refuses them). Each must answer its status as problem+json with a stable code,
// the request id in header and body, within 100 ms.
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../helpers/app.js';
import { http11, type RawReply, rawRequest } from '../helpers/raw-http.js';
import { useSeededGraph } from '../helpers/seeded-app.js';

useSeededGraph();
let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  app = await buildApp(testConfig(), { logger: false });
  // A route that fails the way a rate limiter or another plugin does: an error carrying only a status.
  app.get('/test/limited', async () => {
    throw Object.assign(new Error('Rate limit exceeded, retry in 1 minute'), { statusCode: 429 });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as net.AddressInfo).port;
  // Warm-up: the first requests compile schemas and open the driver's first connection.
  await app.inject({ method: 'GET', url: '/v1/concepts/containerd' });
  await app.inject({ method: 'POST', url: '/v1/retrieve', payload: { query: 'containerd' } });
});

afterAll(async () => {
  await app?.close();
});

function expectProblem(reply: RawReply, status: number, code: string): Record<string, unknown> {
  expect(reply.status, reply.body.slice(0, 300)).toBe(status);
  expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(reply.body) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, type: `urn:concept-graph:problem:${code.toLowerCase().replaceAll('_', '-')}` });
  expect(typeof body.title).toBe('string');
  expect(typeof body.detail).toBe('string');
  expect(reply.headers['x-request-id']).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
  expect(body.requestId).toBe(reply.headers['x-request-id']);
  expect(reply.headers['x-content-type-options']).toBe('nosniff');
  expect(reply.ms).toBeLessThan(100);
  return body;
}

const hostile: [name: string, status: number, code: string, request: () => Buffer][] = [
  ['an unknown route', 404, 'ROUTE_NOT_FOUND', () => http11('GET /v1/conceptz HTTP/1.1')],
  ['an unknown concept', 404, 'CONCEPT_NOT_FOUND', () => http11('GET /v1/concepts/dockr HTTP/1.1')],
  ['DELETE on a read-only resource', 405, 'METHOD_NOT_ALLOWED', () => http11('DELETE /v1/search?q=runc HTTP/1.1')],
  ['TRACE', 405, 'METHOD_NOT_ALLOWED', () => http11('TRACE /v1/concepts HTTP/1.1')],
  ['GET on a POST-only route', 405, 'METHOD_NOT_ALLOWED', () => http11('GET /v1/retrieve HTTP/1.1')],
  [
    'a text/plain body',
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    () => http11('POST /v1/retrieve HTTP/1.1', ['Content-Type: text/plain'], 'what does containerd implement?'),
  ],
  [
    'an XML body',
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    () => http11('POST /v1/retrieve HTTP/1.1', ['Content-Type: application/xml'], '<q>containerd</q>'),
  ],
  [
    'a body over 64 KiB',
    413,
    'PAYLOAD_TOO_LARGE',
    () => http11('POST /v1/retrieve HTTP/1.1', ['Content-Type: application/json'], JSON.stringify({ query: 'x'.repeat(70_000) })),
  ],
  [
    'a malformed JSON body',
    400,
    'MALFORMED_BODY',
    () => http11('POST /v1/retrieve HTTP/1.1', ['Content-Type: application/json'], '{"query":'),
  ],
  ['malformed percent-encoding in the path', 400, 'MALFORMED_URL', () => http11('GET /v1/concepts/%E0%A4%A HTTP/1.1')],
  [
    'raw UTF-8 in the query string',
    400,
    'MALFORMED_REQUEST',
    () => Buffer.concat([Buffer.from('GET /v1/search?q='), Buffer.from('도커', 'utf8'), http11(' HTTP/1.1')]),
  ],
  ['a request line that is not HTTP', 400, 'MALFORMED_REQUEST', () => Buffer.from('HELLO THERE\r\n\r\n')],
  ['a 300-character path segment', 414, 'URI_TOO_LONG', () => http11(`GET /v1/concepts/${'a'.repeat(300)} HTTP/1.1`)],
  ['a 20 KB query string', 414, 'URI_TOO_LONG', () => http11(`GET /v1/search?q=${'a'.repeat(20_000)} HTTP/1.1`)],
  ['a 20 KB header', 431, 'HEADERS_TOO_LARGE', () => http11('GET /v1/concepts HTTP/1.1', [`X-Padding: ${'p'.repeat(20_000)}`])],
  ['an error that carries only status 429', 429, 'RATE_LIMITED', () => http11('GET /test/limited HTTP/1.1')],
];

describe('hostile and malformed requests', () => {
  it.each(hostile)('answers %s with %i problem+json', async (_name, status, code, request) => {
    // The fastest of three, so that a busy machine's scheduling hiccup is not read as the service being slow;
    // a reply that waits on anything (the database, a timer) is slow all three times.
    const replies = [await rawRequest(port, request()), await rawRequest(port, request()), await rawRequest(port, request())];
    const fastest = replies.reduce((best, reply) => (reply.ms < best.ms ? reply : best));
    for (const reply of replies) expectProblem({ ...reply, ms: fastest.ms }, status, code);
  });

  it('names the allowed methods in Allow on a 405', async () => {
    const reply = await rawRequest(port, http11('PUT /v1/concepts/containerd HTTP/1.1'));
    expectProblem(reply, 405, 'METHOD_NOT_ALLOWED');
    expect(reply.headers.allow).toBe('DELETE, GET, HEAD, PATCH');
    const post = await rawRequest(port, http11('DELETE /v1/retrieve HTTP/1.1'));
    expect(post.headers.allow).toBe('POST');
  });

  it('answers 404, not 405, when a route takes the method but finds nothing under its prefix', async () => {
    const reply = await rawRequest(port, http11('GET /docs/static/no-such-file.js HTTP/1.1'));
    expectProblem({ ...reply, ms: 0 }, 404, 'ROUTE_NOT_FOUND');
  });

  it('gives a 429 a Retry-After', async () => {
    const reply = await rawRequest(port, http11('GET /test/limited HTTP/1.1'));
    expect(Number(reply.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers a request that is too slow to arrive with 408 problem+json', async () => {
    // Node raises this clientError when requestTimeout passes before the request is complete; raising it on a
    // real server-side socket is what that timer does, without waiting for Node's 30 s connection check.
    const accepted = new Promise<net.Socket>((resolve) => app.server.once('connection', resolve));
    const started = performance.now();
    const client = net.connect(port, '127.0.0.1');
    const reply = new Promise<string>((resolve) => {
      let text = '';
      client.on('data', (chunk) => {
        text += chunk.toString();
      });
      client.on('close', () => resolve(text));
    });
    client.write('POST /v1/retrieve HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"que');
    const socket = await accepted;
    app.server.emit('clientError', Object.assign(new Error('request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
    const text = await reply;
    const [head = '', body = ''] = text.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 408 /);
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    expect(JSON.parse(body)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('answers OPTIONS without Origin (not a CORS preflight) with 204 and Allow, and 404 problem+json for no route', async () => {
    const known = await rawRequest(port, http11('OPTIONS /v1/concepts/containerd HTTP/1.1'));
    expect(known.status).toBe(204);
    expect(known.headers.allow).toBe('DELETE, GET, HEAD, PATCH, OPTIONS');
    expect(known.headers['x-request-id']).toBeTruthy();
    const withoutMethod = await rawRequest(port, http11('OPTIONS /v1/retrieve HTTP/1.1', ['Origin: https://app.example']));
    expect(withoutMethod.status).toBe(204);
    expect(withoutMethod.headers.allow).toBe('POST, OPTIONS');
    expectProblem(await rawRequest(port, http11('OPTIONS /v1/nothing-here HTTP/1.1')), 404, 'ROUTE_NOT_FOUND');
  });

  it('still answers a real CORS preflight', async () => {
    const reply = await rawRequest(
      port,
      http11('OPTIONS /v1/retrieve HTTP/1.1', ['Origin: https://app.example', 'Access-Control-Request-Method: POST']),
    );
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('closing time', () => {
  it('answers a request that arrives while the app closes with 503 problem+json, Retry-After and the request id', async () => {
    const closing = await buildApp(testConfig(), { logger: false });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => {};
    const handling = new Promise<void>((resolve) => {
      entered = resolve;
    });
    closing.get('/test/slow', async () => {
      entered();
      await held;
      return { done: true };
    });
    await closing.listen({ host: '127.0.0.1', port: 0 });
    const port = (closing.server.address() as net.AddressInfo).port;
    const busy = net.connect(port, '127.0.0.1');
    busy.write('GET /test/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await handling;
    // A keep-alive client has begun its next request when the shutdown starts, and finishes it after.
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    const answered = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write('GET /v1/concepts HTTP/1.1\r\nHost: 127.0.0.1\r\nx-request-id: drain-1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closed = closing.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.write('\r\n');
    await Promise.race([answered, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    release();
    socket.destroy();
    busy.destroy();
    await closed;

    const [head = '', body = ''] = received.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(head).toMatch(/content-type: application\/problem\+json/i);
    expect(head).toMatch(/retry-after: 5/i);
    expect(head).toMatch(/x-request-id: drain-1/i);
    expect(JSON.parse(body)).toMatchObject({ status: 503, code: 'SHUTTING_DOWN', requestId: 'drain-1' });
  });
});
