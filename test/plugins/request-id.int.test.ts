import { describe, expect, it } from 'vitest';
import { useSeededApp } from '../helpers/seeded-app.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  const { get } = useSeededApp();

  it('keeps a short, plain x-request-id and echoes it on a success', async () => {
    const reply = await get('/v1/concepts/containerd', { 'x-request-id': 'trace-01HZX3:abc.def_9' });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.headers['x-request-id']).toBe('trace-01HZX3:abc.def_9');
  });

  it('generates one when the client sends none', async () => {
    const reply = await get('/health/live');
    expect(reply.headers['x-request-id']).toMatch(uuid);
    expect((await get('/health/live')).headers['x-request-id']).not.toBe(reply.headers['x-request-id']);
  });

  it.each([
    ['longer than 64 characters', 'a'.repeat(65)],
    ['with spaces and quotes', 'abc "injected" def'],
    ['with a line break', 'abc\ninfo: forged log line'],
    ['with non-ASCII characters', encodeURIComponent('요청-1')],
    ['with a slash', '../../etc/passwd'],
  ])('replaces an id %s with a generated one', async (_name, id) => {
    const reply = await get('/v1/concepts/containerd', { 'x-request-id': id });
    expect(reply.headers['x-request-id']).toMatch(uuid);
  });

  it('echoes the id on 404s, validation errors and 304s, and puts it in problem bodies', async () => {
    const notFound = await get('/v1/concepts/dockr', { 'x-request-id': 'req-404' });
    expect(notFound.statusCode, notFound.body).toBe(404);
    expect(notFound.headers['x-request-id']).toBe('req-404');
    expect(notFound.json()).toMatchObject({ code: 'CONCEPT_NOT_FOUND', requestId: 'req-404' });

    const noRoute = await get('/nowhere', { 'x-request-id': 'req-route' });
    expect(noRoute.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND', requestId: 'req-route' });

    const invalid = await get('/v1/concepts?limit=0', { 'x-request-id': 'req-400' });
    expect(invalid.headers['x-request-id']).toBe('req-400');
    expect(invalid.json()).toMatchObject({ code: 'VALIDATION_FAILED', requestId: 'req-400' });

    const first = await get('/v1/categories');
    const etag = first.headers.etag as string;
    const notModified = await get('/v1/categories', { 'if-none-match': etag, 'x-request-id': 'req-304' });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.headers['x-request-id']).toBe('req-304');
  });
});
