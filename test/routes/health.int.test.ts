import { describe, expect, inject, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { useTestApp } from '../helpers/seeded-app.js';
import { reserveProxy } from '../helpers/tcp-proxy.js';

describe('health routes', () => {
  const { get } = useTestApp();

  it('answers /health/live with 200 whatever the database does', async () => {
    const reply = await get('/health/live');
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ status: 'ok' });
  });

  it('answers /health/ready with 200 and the server version when Neo4j answers', async () => {
    const reply = await get('/health/ready');
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({
      status: 'ready',
      neo4j: { database: 'neo4j', serverAgent: expect.stringMatching(/^Neo4j\//) },
      seed: 'disabled',
    });
  });
});

describe('start-up work', () => {
  it('is built before start-up ends on the seeded graph, and holds readiness at 503 NOT_READY while pending', async () => {
    const app = await buildTestApp();
    try {
      // The retrieval index of the seeded graph takes milliseconds: start-up waited for it.
      expect(app.lifecycle.waitingFor).toEqual([]);
      expect(app.lifecycle.phase).toBe('serving');
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      let finish: () => void = () => {};
      const done = app.lifecycle.track('a test task', new Promise<void>((resolve) => (finish = resolve)));
      expect(app.lifecycle.phase).toBe('starting');
      const waiting = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(waiting.statusCode).toBe(503);
      expect(waiting.json()).toMatchObject({ code: 'NOT_READY', detail: expect.stringContaining('a test task') });
      expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
      finish();
      await done;
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('draining for shutdown', () => {
  it('turns readiness 503 and turns data requests away with problem+json, Retry-After and Connection: close', async () => {
    const app = await buildTestApp();
    try {
      expect((await app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
      app.lifecycle.startDraining();
      expect(app.lifecycle.phase).toBe('draining');
      const ready = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ code: 'SHUTTING_DOWN', detail: expect.stringMatching(/shutting down/) });
      expect(ready.headers.connection).toBe('close');
      const data = await app.inject({ method: 'GET', url: '/v1/categories' });
      expect(data.statusCode).toBe(503);
      expect(data.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(data.headers['retry-after']).toBeDefined();
      expect(data.headers.connection).toBe('close');
      expect(data.json()).toMatchObject({ code: 'SHUTTING_DOWN' });
      const live = await app.inject({ method: 'GET', url: '/health/live' });
      expect(live.statusCode).toBe(200);
      expect(live.headers.connection).toBe('close');
    } finally {
      await app.close();
    }
  });
});

describe('readiness when Neo4j is unreachable', () => {
  it('is 503 problem+json on a closed port, then 200 within 5 s of Neo4j becoming reachable, without a restart', async () => {
    const target = new URL(inject('neo4j').uri.replace(/^[a-z+]+:/, 'http:'));
    const proxy = await reserveProxy({ host: target.hostname, port: Number(target.port || 7687) });
    const app = await buildTestApp({ neo4j: { uri: `bolt://127.0.0.1:${proxy.port}` } });
    try {
      const down = await app.inject({ method: 'GET', url: '/health/ready' });
      expect(down.statusCode).toBe(503);
      expect(down.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(down.json()).toMatchObject({
        status: 503,
        code: 'NEO4J_UNAVAILABLE',
        type: expect.any(String),
        title: expect.any(String),
        detail: expect.any(String),
      });

      const live = await app.inject({ method: 'GET', url: '/health/live' });
      expect(live.statusCode).toBe(200);

      await proxy.open();
      const opened = performance.now();
      // The background probe notices the return and warms up before readiness says 200.
      let up = await app.inject({ method: 'GET', url: '/health/ready' });
      while (up.statusCode !== 200 && performance.now() - opened < 5_000) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        up = await app.inject({ method: 'GET', url: '/health/ready' });
      }
      expect(up.statusCode).toBe(200);
      expect(up.json()).toMatchObject({ status: 'ready', neo4j: { serverAgent: expect.stringMatching(/^Neo4j\//) } });
    } finally {
      await app.close();
      await proxy.close();
    }
  });
});
