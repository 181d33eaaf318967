// No way a reply can end leaves a Neo4j transaction or connection open: a 304 that replaces a streamed
// export, an error reply, a client that hangs up. Checked through the pool gauge /metrics publishes, over a
// real socket, for every operation in the OpenAPI document.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createKey } from '../../src/auth/keys.js';
import { useListeningApp, useSeededGraph } from '../helpers/seeded-app.js';

useSeededGraph();
const listening = useListeningApp();
const app = () => listening.app();
const port = () => listening.port();

const base = () => `http://127.0.0.1:${port()}`;

async function inUse(): Promise<number> {
  const text = await (await fetch(`${base()}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('neo4j_pool_connections_in_use '));
  if (!line) throw new Error('/metrics has no neo4j_pool_connections_in_use sample');
  return Number(line.split(' ')[1]);
}

/** The pool is back at idle (nothing held) within a few seconds: background reads may hold one for a moment. */
async function expectIdle(what: string): Promise<void> {
  await expect.poll(inUse, { timeout: 5_000, message: `connections still in use after ${what}` }).toBe(0);
}

interface Call {
  method: 'GET' | 'POST';
  url: string;
  body?: unknown;
}

const exports = ['/v1/graph', '/v1/graph.cyjs', '/v1/graph.graphml', '/v1/graph.ndjson'];

// One valid and one invalid request per operation; the test below fails when an operation has no row.
const calls: Record<string, { ok: Call; bad: Call }> = {
  getLiveness: { ok: { method: 'GET', url: '/health/live' }, bad: { method: 'POST', url: '/health/live' } },
  getReadiness: { ok: { method: 'GET', url: '/health/ready' }, bad: { method: 'POST', url: '/health/ready' } },
  listConcepts: { ok: { method: 'GET', url: '/v1/concepts?limit=7' }, bad: { method: 'GET', url: '/v1/concepts?limit=0' } },
  getConcept: { ok: { method: 'GET', url: '/v1/concepts/containerd' }, bad: { method: 'GET', url: '/v1/concepts/dockr' } },
  listConceptRelations: {
    ok: { method: 'GET', url: '/v1/concepts/runc/relations?limit=7' },
    bad: { method: 'GET', url: '/v1/concepts/runc/relations?direction=sideways' },
  },
  getNeighborhood: {
    ok: { method: 'GET', url: '/v1/concepts/containerd/neighborhood?depth=2' },
    bad: { method: 'GET', url: '/v1/concepts/dockr/neighborhood' },
  },
  listRelations: { ok: { method: 'GET', url: '/v1/relations?limit=50' }, bad: { method: 'GET', url: '/v1/relations?type=RUNS_INSIDE' } },
  findPaths: {
    ok: { method: 'GET', url: '/v1/paths?from=runc&to=kubernetes' },
    bad: { method: 'GET', url: '/v1/paths?from=runc&to=dockr' },
  },
  searchConcepts: { ok: { method: 'GET', url: '/v1/search?q=container' }, bad: { method: 'GET', url: '/v1/search?q=' } },
  listRelationTypes: { ok: { method: 'GET', url: '/v1/relation-types' }, bad: { method: 'GET', url: '/v1/relation-types?lang=ko' } },
  listCategories: { ok: { method: 'GET', url: '/v1/categories' }, bad: { method: 'GET', url: '/v1/categories?limit=5' } },
  listSources: { ok: { method: 'GET', url: '/v1/sources' }, bad: { method: 'GET', url: '/v1/sources?kind=x' } },
  retrieveFacts: {
    ok: { method: 'POST', url: '/v1/retrieve', body: { query: 'What does containerd implement?' } },
    bad: { method: 'POST', url: '/v1/retrieve', body: {} },
  },
  getLearningPath: {
    ok: { method: 'GET', url: '/v1/learning-path?target=kubernetes' },
    bad: { method: 'GET', url: '/v1/learning-path?target=dockr' },
  },
  generateQuiz: { ok: { method: 'GET', url: '/v1/quiz?concept=containerd&seed=pool' }, bad: { method: 'GET', url: '/v1/quiz?count=0' } },
  exportGraph: { ok: { method: 'GET', url: '/v1/graph' }, bad: { method: 'GET', url: '/v1/graph?source=nowhere' } },
  exportGraphCytoscape: { ok: { method: 'GET', url: '/v1/graph.cyjs' }, bad: { method: 'GET', url: '/v1/graph.cyjs?source=nowhere' } },
  exportGraphml: { ok: { method: 'GET', url: '/v1/graph.graphml' }, bad: { method: 'GET', url: '/v1/graph.graphml?source=nowhere' } },
  exportGraphNdjson: { ok: { method: 'GET', url: '/v1/graph.ndjson' }, bad: { method: 'GET', url: '/v1/graph.ndjson?source=nowhere' } },
  getRelation: {
    ok: { method: 'GET', url: '/v1/relations/containerd:IMPLEMENTS:cri' },
    bad: { method: 'GET', url: '/v1/relations/containerd:IMPLEMENTS:runc' },
  },
  listChanges: { ok: { method: 'GET', url: '/v1/changes?since=0' }, bad: { method: 'GET', url: '/v1/changes?since=-1' } },
  getConceptHistory: { ok: { method: 'GET', url: '/v1/concepts/runc/history' }, bad: { method: 'GET', url: '/v1/concepts/Runc/history' } },
  getRelationHistory: {
    ok: { method: 'GET', url: '/v1/relations/runc:USES:cgroups/history' },
    bad: { method: 'GET', url: '/v1/relations/runc/history' },
  },
};

/** Operations the table above cannot drive (writes need a key and change state; the stream never ends): tested below. */
const testedApart = [
  'createConcept',
  'updateConcept',
  'deleteConcept',
  'createRelation',
  'updateRelation',
  'deleteRelation',
  'streamChanges',
];

async function send(call: Call, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base()}${call.url}`, {
    method: call.method,
    headers: call.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: call.body === undefined ? undefined : JSON.stringify(call.body),
  });
}

/** Sends the request over a raw socket and closes it as soon as the first bytes of the reply arrive (or at once). */
function hangUp(call: Call, after: 'first-byte' | 'sent'): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = call.body === undefined ? '' : JSON.stringify(call.body);
    const socket = net.connect(port(), '127.0.0.1', () => {
      socket.write(
        `${call.method} ${call.url} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
          (body ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` : '') +
          `\r\n${body}`,
      );
      if (after === 'sent') setTimeout(() => socket.destroy(), 5);
    });
    socket.once('data', () => socket.destroy());
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

describe('connections go back to the pool however a reply ends', () => {
  it('has a row for every operation the OpenAPI document lists', async () => {
    const doc = (await (await fetch(`${base()}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    const operations = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(operations.filter((id) => !(id in calls) && !testedApart.includes(id))).toEqual([]);
  });

  it('survives fifty `If-None-Match: *` requests to each export, and the data routes and readiness stay true', async () => {
    for (const url of exports) {
      for (let i = 0; i < 50; i++) {
        const reply = await fetch(`${base()}${url}`, { headers: { 'if-none-match': '*' } });
        expect(reply.status).toBe(304);
        await reply.arrayBuffer();
      }
    }
    await expectIdle('200 conditional exports');
    const relations = await fetch(`${base()}/v1/concepts/runc/relations?limit=7`);
    expect(relations.status).toBe(200);
    expect((await fetch(`${base()}/health/ready`)).status).toBe(200);
  });

  it('gives every connection back after 200, 304, 4xx and hang-up replies of every operation', async () => {
    for (const [operation, { ok, bad }] of Object.entries(calls)) {
      const first = await send(ok);
      expect(first.status, operation).toBe(200);
      const etag = first.headers.get('etag');
      await first.arrayBuffer();
      if (etag) {
        for (const condition of [etag, '*']) {
          const again = await send(ok, { 'if-none-match': condition });
          expect(again.status, `${operation} If-None-Match ${condition}`).toBe(304);
          await again.arrayBuffer();
        }
      }
      const refused = await send(bad);
      expect(refused.status, operation).toBeGreaterThanOrEqual(400);
      expect(refused.status, operation).toBeLessThan(500);
      await refused.arrayBuffer();
      await hangUp(ok, 'first-byte');
      await hangUp(ok, 'sent');
      await expectIdle(operation);
    }
  });

  it('gives every connection back after writes that succeed, are refused, or whose client hangs up', async () => {
    const { key } = await createKey(app().graphDb, { name: 'pool-writer', scopes: ['write'] });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const url = `${base()}/v1/concepts/runc`;
    const etag = async () => (await fetch(url)).headers.get('etag') ?? '';
    const patch = async (ifMatch: string, body: unknown) =>
      fetch(url, { method: 'PATCH', headers: { ...headers, 'if-match': ifMatch }, body: JSON.stringify(body) });
    expect((await patch(await etag(), { tags: ['runtime'] })).status).toBe(200);
    expect((await patch('"stale"', { tags: ['runtime'] })).status).toBe(412);
    expect((await patch(await etag(), { category: 'no-such-category' })).status).toBe(400);
    expect((await fetch(`${base()}/v1/relations`, { method: 'POST', headers, body: '{}' })).status).toBe(400);
    const raw = JSON.stringify({ tags: [] });
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(port(), '127.0.0.1', () => {
        socket.write(
          `PATCH /v1/concepts/runc HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\nIf-Match: *\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${raw.length}\r\n\r\n${raw}`,
        );
        setTimeout(() => socket.destroy(), 5);
      });
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    await expectIdle('writes');
  });

  it('gives the connections back when a change-stream client goes away', async () => {
    const controller = new AbortController();
    const reply = await fetch(`${base()}/v1/changes/stream?since=0`, { signal: controller.signal });
    expect(reply.status).toBe(200);
    await reply.body?.getReader().read();
    controller.abort();
    await expectIdle('a change stream');
  });

  it('gives the connections of exports back when their readers stop mid-stream', async () => {
    for (const url of exports) {
      const reply = await fetch(`${base()}${url}`);
      const reader = reply.body?.getReader();
      await reader?.read();
      await reader?.cancel();
    }
    await expectIdle('cancelled downloads');
  });

  it('gives the connection back when the reply ends before the route had read a batch (the request view is released)', async () => {
    const view = app().graphDb.forRequest(() => false);
    const rows = view.stream([{ statement: { name: 'neverRead', cypher: 'UNWIND range(1, 10) AS n RETURN n' } }], {
      batchSize: 2,
      timeoutMs: 5_000,
    });
    await rows.next(); // a transaction is open and a batch read; the consumer goes away here
    expect(app().graphDb.connectionsInUse).toBeGreaterThanOrEqual(1);
    view.release();
    await expect.poll(() => app().graphDb.connectionsInUse).toBe(0);
    // A stream opened after the reply ended is returned at once, and opens nothing.
    const late = view.stream([{ statement: { name: 'late', cypher: 'RETURN 1 AS n' } }], { batchSize: 2, timeoutMs: 5_000 });
    expect(await late.next()).toEqual({ done: true, value: undefined });
    expect(app().graphDb.connectionsInUse).toBe(0);
  });

  it('reports not ready while every pooled connection is taken, and ready once they are back', async () => {
    const view = app().graphDb.forRequest(() => false);
    const size = app().graphDb.poolSize ?? 0;
    expect(size).toBeGreaterThan(0);
    const held = Array.from({ length: size }, (_, i) =>
      view.stream([{ statement: { name: `hold${i}`, cypher: 'UNWIND range(1, 4) AS n RETURN n' } }], { batchSize: 1, timeoutMs: 30_000 }),
    );
    await Promise.all(held.map((rows) => rows.next()));
    const ready = await fetch(`${base()}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ code: 'OVERLOADED' });
    expect((await fetch(`${base()}/health/live`)).status).toBe(200);
    view.release();
    await expectIdle('releasing the held streams');
    expect((await fetch(`${base()}/health/ready`)).status).toBe(200);
  });

  it('after 60 s of mixed load with conditional exports and hang-ups, the pool is idle again', { timeout: 120_000 }, async () => {
    const mix: (() => Promise<unknown>)[] = [
      () => send({ method: 'GET', url: '/v1/graph' }, { 'if-none-match': '*' }).then((r) => r.arrayBuffer()),
      () => send({ method: 'GET', url: '/v1/graph.ndjson' }).then((r) => r.body?.cancel()),
      () => hangUp({ method: 'GET', url: '/v1/graph.graphml' }, 'first-byte'),
      () => hangUp({ method: 'GET', url: '/v1/quiz?concept=runc&seed=soak' }, 'sent'),
      () => send(calls.retrieveFacts?.ok as Call).then((r) => r.arrayBuffer()),
      () => send({ method: 'GET', url: '/v1/concepts/containerd/neighborhood?depth=2' }).then((r) => r.arrayBuffer()),
      () => send({ method: 'GET', url: '/v1/graph.cyjs' }).then((r) => r.arrayBuffer()),
      () => send({ method: 'GET', url: '/v1/paths?from=runc&to=dockr' }).then((r) => r.arrayBuffer()),
    ];
    const until = performance.now() + 60_000;
    let sent = 0;
    // Four clients at a time, each going round the mix until the minute is over.
    await Promise.all(
      Array.from({ length: 4 }, async (_, client) => {
        for (let i = client; performance.now() < until; i++) {
          await (mix[i % mix.length] as () => Promise<unknown>)();
          sent++;
        }
      }),
    );
    expect(sent).toBeGreaterThan(40);
    await expectIdle(`${sent} mixed requests`);
    expect((await fetch(`${base()}/health/ready`)).status).toBe(200);
  });
});
