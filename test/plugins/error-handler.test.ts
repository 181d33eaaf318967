import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/seeded-app.js';

describe('problem+json errors', () => {
  const { get } = useTestApp();

  it('returns 404 problem+json with code ROUTE_NOT_FOUND for an unknown route', async () => {
    const reply = await get('/no/such/route?x=1');
    expect(reply.statusCode).toBe(404);
    expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(reply.json()).toEqual({
      type: 'urn:concept-graph:problem:route-not-found',
      title: 'Route not found',
      status: 404,
      code: 'ROUTE_NOT_FOUND',
      detail: 'No route matches GET /no/such/route. The API is described at /openapi.json and /docs.',
      instance: '/no/such/route?x=1',
    });
  });
});
