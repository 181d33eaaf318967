// What an MCP tool call costs a client over HTTP: the /mcp request counts once against the client's heavy
// budget (its route's cost is `relay`) and that count covers its first tool call; the tools call the graph
// directly, so no inner request counts a second time; each further tool call of a batched request counts once
// more, and one past the budget is a RATE_LIMITED tool error.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { GraphDatabase } from '../../src/graph/database.js';
import { clearGraph, openTestDb, seedGraph, testConfig } from '../helpers/app.js';

const heavyMax = 6;
let app: FastifyInstance;
let db: GraphDatabase;

beforeAll(async () => {
  db = openTestDb();
  await clearGraph(db);
  await seedGraph(db);
  const base = testConfig();
  app = await buildApp(
    { ...base, limits: { ...base.limits, heavyMax, lookupMax: 1000, rateLimitWindowMs: 60_000, maxEventLoopDelayMs: 0 } },
    { logger: false },
  );
  await app.ready();
}, 300_000);

afterAll(async () => {
  await app?.close();
  await db?.driver.close();
});

const search = (id: number, query: string) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'search_concepts', arguments: { query, limit: 3 } },
});

/** A POST /mcp from `client` (its own address, so each test has a budget of its own). */
function mcp(client: string, payload: object | object[]) {
  return app.inject({
    method: 'POST',
    url: '/mcp',
    remoteAddress: client,
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    payload: JSON.stringify(payload),
  });
}

/** What is left of the client's heavy budget, as a REST search it makes next reports it (that search counts too). */
async function heavyRemaining(client: string): Promise<number> {
  const reply = await app.inject({ method: 'GET', url: '/v1/search?q=runc', remoteAddress: client });
  expect(reply.statusCode, reply.body).toBe(200);
  return Number(reply.headers['ratelimit-remaining']);
}

type ToolReply = { id: number; result: { isError?: boolean; content: { text: string }[]; structuredContent: Record<string, unknown> } };

describe('the budget of MCP tool calls over HTTP', () => {
  it('counts a tool call once: the /mcp request, not an inner REST request as well', async () => {
    const reply = await mcp('10.0.0.1', search(1, 'containerd'));
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json<ToolReply>().result.isError ?? false).toBe(false);
    expect(reply.headers['ratelimit-remaining']).toBe(String(heavyMax - 1));
    // The tool call and this search: two counts.
    expect(await heavyRemaining('10.0.0.1')).toBe(heavyMax - 2);
  });

  it('counts each tool call of a batched request once', async () => {
    const reply = await mcp('10.0.0.2', [search(1, 'runc'), search(2, 'containerd'), search(3, '도커 데몬')]);
    expect(reply.statusCode, reply.body).toBe(200);
    const results = reply.json<ToolReply[]>();
    expect(results.map((r) => r.result.isError ?? false)).toEqual([false, false, false]);
    expect(await heavyRemaining('10.0.0.2')).toBe(heavyMax - 3 - 1);
  });

  it('answers a tool call past the budget with a RATE_LIMITED tool error, and the calls before it normally', async () => {
    const calls = Array.from({ length: heavyMax + 2 }, (_, i) => search(i + 1, 'runc'));
    const reply = await mcp('10.0.0.3', calls);
    expect(reply.statusCode, reply.body).toBe(200);
    const results = reply.json<ToolReply[]>().sort((a, b) => a.id - b.id);
    const refused = results.filter((r) => r.result.isError);
    expect(results.length - refused.length).toBe(heavyMax);
    expect(refused).toHaveLength(2);
    for (const { result } of refused) {
      expect(result.content[0]?.text).toMatch(/^RATE_LIMITED: More than 6 requests in 60 s/);
      expect(result.structuredContent).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    }
    // The budget is spent: the next request of the client is refused as a REST request would be.
    expect((await mcp('10.0.0.3', search(1, 'runc'))).statusCode).toBe(429);
  });
});
