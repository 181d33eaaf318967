import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../helpers/app.js';

describe('CORS for browser-based learning apps', () => {
  let open: FastifyInstance;
  let restricted: FastifyInstance;
  beforeAll(async () => {
    open = await buildApp(testConfig(), { logger: false });
    const config = testConfig();
    restricted = await buildApp({ ...config, http: { ...config.http, corsOrigins: ['https://learn.example'] } }, { logger: false });
  });
  afterAll(async () => {
    await open.close();
    await restricted.close();
  });

  it('answers a preflight from any origin by default and exposes the ETag', async () => {
    const preflight = await open.inject({
      method: 'OPTIONS',
      url: '/v1/retrieve',
      headers: {
        origin: 'https://quiz.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    const reply = await open.inject({ method: 'GET', url: '/health/live', headers: { origin: 'https://quiz.example' } });
    expect(reply.headers['access-control-expose-headers']).toContain('ETag');
  });

  it('allows only the configured origins when a list is set', async () => {
    const allowed = await restricted.inject({ method: 'GET', url: '/health/live', headers: { origin: 'https://learn.example' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://learn.example');
    const other = await restricted.inject({ method: 'GET', url: '/health/live', headers: { origin: 'https://elsewhere.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('puts CORS headers on refusals too (429, and 503 from load shedding), so a browser app can read the problem and Retry-After', async () => {
    const config = testConfig();
    const limited = await buildApp({ ...config, limits: { ...config.limits, lookupMax: 1 } }, { logger: false });
    try {
      const origin = { origin: 'https://quiz.example' };
      expect((await limited.inject({ method: 'GET', url: '/v1/categories', headers: origin })).statusCode).toBe(200);
      const refused = await limited.inject({ method: 'GET', url: '/v1/categories', headers: origin });
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['access-control-allow-origin']).toBe('*');
      expect(refused.headers['access-control-expose-headers']).toContain('Retry-After');
      limited.lifecycle.startDraining();
      const shed = await limited.inject({ method: 'GET', url: '/v1/concepts/runc', headers: origin });
      expect(shed.statusCode).toBe(503);
      expect(shed.headers['access-control-allow-origin']).toBe('*');
    } finally {
      await limited.close();
    }
  });
});
