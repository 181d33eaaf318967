// /metrics read after a few real requests: request counts and durations per route pattern and status,
// Neo4j statements per name (and their failures), connections in use, reply-cache hits, and the process's
// event-loop lag.
import { describe, expect, it } from 'vitest';
import { useSteadySeededApp } from '../helpers/steady-app.js';

const { app } = useSteadySeededApp();
const get = (url: string) => app().inject({ method: 'GET', url });

/** The value of one series, by name and exact labels; undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

async function metrics(): Promise<string> {
  const reply = await get('/metrics');
  expect(reply.statusCode).toBe(200);
  expect(reply.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return reply.body;
}

describe('GET /metrics', () => {
  it('counts requests and their durations per route pattern and status, not per URL', async () => {
    const before = await metrics();
    const at = (text: string, status: string) =>
      sample(text, 'http_requests_total', { method: 'GET', route: '/v1/concepts/:id', status }) ?? 0;
    expect((await get('/v1/concepts/containerd')).statusCode).toBe(200);
    expect((await get('/v1/concepts/runc')).statusCode).toBe(200);
    expect((await get('/v1/concepts/dockr')).statusCode).toBe(404);
    expect((await get('/no/such/route')).statusCode).toBe(404);

    const after = await metrics();
    expect(at(after, '200') - at(before, '200')).toBe(2);
    expect(at(after, '404') - at(before, '404')).toBe(1);
    expect(sample(after, 'http_requests_total', { route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain('route="/v1/concepts/containerd"');
    const durations = { method: 'GET', route: '/v1/concepts/:id', status: '200' };
    expect(sample(after, 'http_request_duration_seconds_count', durations)).toBe(at(after, '200'));
    expect(sample(after, 'http_request_duration_seconds_sum', durations)).toBeGreaterThan(0);
    expect(sample(after, 'http_request_duration_seconds_bucket', { ...durations, le: '+Inf' })).toBe(at(after, '200'));
  });

  it('times Neo4j statements by name and counts the ones that fail, by Neo4j code', async () => {
    expect((await get('/v1/search?q=containerd')).statusCode).toBe(200);
    await expect(app().graphDb.read('RETURN 1 / 0 AS broken')).rejects.toThrow();
    const text = await metrics();
    const statements = [...text.matchAll(/^neo4j_statement_duration_seconds_count\{statement="([^"]+)",outcome="ok"\} (\d+)/gm)];
    expect(statements.length).toBeGreaterThan(0);
    expect(statements.filter(([, , count]) => !(Number(count) > 0))).toEqual([]);
    expect(sample(text, 'neo4j_statement_errors_total', { statement: 'unnamed', code: 'Neo.ClientError.Statement.ArithmeticError' })).toBe(
      1,
    );
    expect(sample(text, 'neo4j_statement_duration_seconds_count', { statement: 'unnamed', outcome: 'error' })).toBe(1);
  });

  it('counts reply-cache hits, misses and 304s, and reports the cache size', async () => {
    const url = `/v1/concepts?limit=3&tag=metrics-${Date.now()}`;
    const before = await metrics();
    const first = await get(url);
    expect(first.statusCode).toBe(200);
    expect((await get(url)).statusCode).toBe(200);
    const etag = String(first.headers.etag);
    expect((await app().inject({ method: 'GET', url, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    const after = await metrics();
    const delta = (name: string) => (sample(after, name) ?? Number.NaN) - (sample(before, name) ?? Number.NaN);
    expect(delta('reply_cache_misses_total')).toBe(1);
    expect(delta('reply_cache_hits_total')).toBe(1);
    expect(delta('reply_cache_not_modified_total')).toBe(1);
    expect(sample(after, 'reply_cache_entries')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'reply_cache_bytes')).toBeGreaterThan(0);
    expect(sample(after, 'reply_cache_max_bytes')).toBe(app().replyCache.stats().maxBytes);
  });

  it('reports the connections in use against the pool size, counting a transaction while it runs', async () => {
    // Background reads (graph version, health) may hold a connection for a moment, hence the polls.
    const idle = await metrics();
    expect(sample(idle, 'neo4j_pool_max_connections')).toBeGreaterThan(0);
    await expect.poll(async () => sample(await metrics(), 'neo4j_pool_connections_in_use')).toBe(0);
    let during: string | undefined;
    await app().graphDb.readUnit(async (read) => {
      during = await metrics();
      return read({ name: 'metricsProbe', cypher: 'RETURN 1 AS one' });
    });
    expect(sample(during ?? '', 'neo4j_pool_connections_in_use')).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => sample(await metrics(), 'neo4j_pool_connections_in_use')).toBe(0);
  });

  it('reports the event-loop lag and process figures', async () => {
    const text = await metrics();
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('is left out of the OpenAPI document, like /mcp', async () => {
    const document = (await get('/openapi.json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(document.paths)).not.toContain('/metrics');
    expect(Object.keys(document.paths)).not.toContain('/mcp');
  });
});
