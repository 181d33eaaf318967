import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../helpers/app.js';
import { useSeededGraph } from '../helpers/seeded-app.js';

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  method?: string;
  route?: string | null;
  path?: string;
  status?: number;
  durationMs?: number;
  code?: string;
  err?: { message: string; stack: string };
}

const info = 30;
const error = 50;

describe('access log', () => {
  useSeededGraph();
  let app: FastifyInstance;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    app = await buildApp(testConfig(), {
      logger: { level: 'info', stream: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) } },
    });
    app.get('/test/boom', async () => {
      throw new Error('the index was dropped under us');
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
  });

  async function linesOf(url: string, requestId: string, method: 'GET' | 'DELETE' = 'GET'): Promise<LogLine[]> {
    await app.inject({ method, url, headers: { 'x-request-id': requestId } });
    return lines.filter((line) => line.requestId === requestId);
  }

  it('writes one line per request with method, route, status, duration and request id', async () => {
    const logged = await linesOf('/v1/concepts/containerd', 'log-200');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: info, method: 'GET', route: '/v1/concepts/:id', status: 200, requestId: 'log-200' });
    expect(logged[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(logged[0]?.code).toBeUndefined();
  });

  it('logs a client error at info with its problem code', async () => {
    const logged = await linesOf('/v1/concepts/dockr', 'log-404');
    expect(logged).toEqual([expect.objectContaining({ level: info, status: 404, code: 'CONCEPT_NOT_FOUND', route: '/v1/concepts/:id' })]);
    const wrongMethod = await linesOf('/v1/concepts', 'log-405', 'DELETE');
    expect(wrongMethod).toEqual([
      expect.objectContaining({ level: info, status: 405, code: 'METHOD_NOT_ALLOWED', route: null, path: '/v1/concepts' }),
    ]);
  });

  it('logs a server error at error level with the stack, once', async () => {
    const logged = await linesOf('/test/boom', 'log-500');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: error, status: 500, code: 'INTERNAL_ERROR', route: '/test/boom' });
    expect(logged[0]?.err?.message).toBe('the index was dropped under us');
    expect(logged[0]?.err?.stack).toMatch(/\n\s+at /);
  });

  it('logs a request refused before routing (bad URL encoding) too', async () => {
    const logged = await linesOf('/v1/concepts/%E0%A4%A', 'log-bad-url');
    expect(logged).toEqual([expect.objectContaining({ level: info, status: 400, code: 'MALFORMED_URL' })]);
  });

  // Last: the drain cannot be undone on this app.
  it('logs a readiness 503 at info: a health answer about the state is not a failed request', async () => {
    app.lifecycle.startDraining();
    const logged = await linesOf('/health/ready', 'log-ready-503');
    expect(logged).toEqual([expect.objectContaining({ level: info, status: 503, code: 'SHUTTING_DOWN', route: '/health/ready' })]);
  });
});
