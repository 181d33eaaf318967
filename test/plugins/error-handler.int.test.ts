import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../helpers/app.js';
import { useTestApp } from '../helpers/seeded-app.js';

describe('problem+json errors', () => {
  const { get } = useTestApp();

  it('returns 404 problem+json with code ROUTE_NOT_FOUND for an unknown route', async () => {
    const reply = await get('/no/such/route?x=1', { 'x-request-id': 'req-1' });
    expect(reply.statusCode).toBe(404);
    expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reply.json()).toEqual({
      type: 'urn:concept-graph:problem:route-not-found',
      title: 'Route not found',
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      detail: 'No route matches GET /no/such/route. The API is described at /openapi.json and /docs.',
      instance: '/no/such/route?x=1',
      requestId: 'req-1',
    });
  });
});

describe('unexpected errors', () => {
  it('answers 500 problem+json without the error’s details, and logs them', async () => {
    const logged: string[] = [];
    const app = await buildApp(testConfig(), {
      logger: { level: 'error', stream: { write: (line: string) => void logged.push(line) } },
    });
    app.get('/boom', async () => {
      throw new Error('secret connection string bolt://admin:hunter2@db');
    });
    try {
      const reply = await app.inject({ method: 'GET', url: '/boom' });
      expect(reply.statusCode).toBe(500);
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reply.json()).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
      expect(reply.body).not.toContain('hunter2');
      expect(logged.join('')).toContain('hunter2');
    } finally {
      await app.close();
    }
  });
});
