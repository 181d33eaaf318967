// Holds real replies to the OpenAPI document the app serves: every operation in it is called (a success and
// an error), and each reply's status, media type and body must be what the document declares.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../../src/auth/keys.js';
import { buildTestApp } from '../helpers/app.js';
import { fetchOpenApi, type OpenApiDocument, type OperationKey, ResponseContract } from '../helpers/openapi.js';
import { useSeededApp } from '../helpers/seeded-app.js';
import { reserveProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

interface ContractCase {
  operation: OperationKey;
  status: number;
  request: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; headers?: Record<string, string>; payload?: string };
  /** `unreachable`: sent to an app whose Neo4j port is closed, for the replies only an outage produces. */
  app?: 'unreachable';
  /** Sent with a key that has the write scope. */
  key?: boolean;
  /** Sent with `If-Match`: the ETag GET on this URL answers just before, or this literal one. */
  ifMatch?: { of: string } | { value: string };
}

/** A write with the write key; `ifMatch` as above. Runs in the order listed, so the cases build on each other. */
function write(
  operation: OperationKey,
  status: number,
  url: string,
  options: { body?: unknown; ifMatch?: ContractCase['ifMatch']; key?: boolean } = {},
): ContractCase {
  const method = operation.split(' ')[0] as ContractCase['request']['method'];
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return {
    operation,
    status,
    request: { method, url, ...(payload === undefined ? {} : { headers: { 'content-type': 'application/json' }, payload }) },
    key: options.key ?? true,
    ...(options.ifMatch ? { ifMatch: options.ifMatch } : {}),
  };
}

const newConcept = {
  id: 'docker-init',
  name: { en: 'docker init', ko: 'docker init' },
  aliases: { en: [], ko: [] },
  reading: '도커 이닛',
  category: 'tool',
  tags: [],
  summary: { en: 'A Docker CLI command that writes starter Docker files.', ko: '기본 Docker 파일을 만들어 주는 Docker CLI 명령.' },
  sources: [{ source: 'background', section: 'docker-overview' }],
};
const newRelation = { subject: 'docker-init', type: 'CREATES', object: 'dockerfile', confidence: 0.6, sources: newConcept.sources };
const newRelationUrl = '/v1/relations/docker-init:CREATES:dockerfile';

/** Operations whose success no injected request can show, with where it is shown instead. */
const exempt: Record<string, string> = {
  'GET /v1/changes/stream': 'a Server-Sent Events stream never ends; test/routes/curation.int.test.ts reads it over a socket',
};

function call(operation: OperationKey, status: number, url: string, options: Pick<ContractCase, 'app'> = {}): ContractCase {
  return { operation, status, request: { method: 'GET', url }, ...options };
}

function post(operation: OperationKey, status: number, url: string, body: unknown, contentType = 'application/json'): ContractCase {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return { operation, status, request: { method: 'POST', url, headers: { 'content-type': contentType }, payload } };
}

const injection = encodeURIComponent("'; MATCH (n) DETACH DELETE n //");

const cases: ContractCase[] = [
  call('GET /health/live', 200, '/health/live'),
  call('GET /health/ready', 200, '/health/ready'),
  call('GET /health/ready', 503, '/health/ready', { app: 'unreachable' }),

  call('GET /v1/concepts', 200, '/v1/concepts?limit=7'),
  call('GET /v1/concepts', 200, '/v1/concepts?category=runtime&tag=cncf'),
  call('GET /v1/concepts', 400, '/v1/concepts?limit=0'),
  call('GET /v1/concepts', 400, '/v1/concepts?cursor=bm90LWEtY3Vyc29y.AAAAAAAAAAAAAAAA'),

  call('GET /v1/concepts/{id}', 200, '/v1/concepts/containerd'),
  call('GET /v1/concepts/{id}', 200, '/v1/concepts/container'),
  call('GET /v1/concepts/{id}', 404, '/v1/concepts/dockr'),
  call('GET /v1/concepts/{id}', 400, `/v1/concepts/${injection}`),

  call('GET /v1/concepts/{id}/relations', 200, '/v1/concepts/container/relations?direction=in&limit=5'),
  call('GET /v1/concepts/{id}/relations', 404, '/v1/concepts/dockr/relations'),
  call('GET /v1/concepts/{id}/relations', 400, '/v1/concepts/container/relations?direction=sideways'),
  call('GET /v1/concepts/{id}/relations', 400, '/v1/concepts/container/relations?type=RUNS_INSIDE'),

  call('GET /v1/concepts/{id}/neighborhood', 200, '/v1/concepts/containerd/neighborhood?depth=2'),
  call('GET /v1/concepts/{id}/neighborhood', 200, '/v1/concepts/containerd/neighborhood?depth=3&limit=3'),
  call('GET /v1/concepts/{id}/neighborhood', 404, '/v1/concepts/dockr/neighborhood'),
  call('GET /v1/concepts/{id}/neighborhood', 400, '/v1/concepts/containerd/neighborhood?depth=99'),

  call('GET /v1/relations', 200, '/v1/relations?subject=containerd&type=IMPLEMENTS'),
  call('GET /v1/relations', 200, '/v1/relations?subject=virtual-machine&type=CONTRASTS_WITH'),
  call('GET /v1/relations', 400, '/v1/relations?type=RUNS_INSIDE'),
  call('GET /v1/relations', 400, `/v1/relations?subject=${injection}`),

  call('GET /v1/paths', 200, '/v1/paths?from=runc&to=kubernetes'),
  call('GET /v1/paths', 200, '/v1/paths?from=runc&to=kubernetes&maxHops=1'),
  call('GET /v1/paths', 404, '/v1/paths?from=runc&to=dockr'),
  call('GET /v1/paths', 400, '/v1/paths?from=runc&to=runc'),

  call('GET /v1/search', 200, `/v1/search?q=${encodeURIComponent('도커 데몬')}`),
  call('GET /v1/search', 200, '/v1/search?q=web%20service&limit=3'),
  call('GET /v1/search', 400, '/v1/search?q='),

  call('GET /v1/relation-types', 200, '/v1/relation-types'),
  call('GET /v1/relation-types', 400, '/v1/relation-types?lang=ko'),
  call('GET /v1/categories', 200, '/v1/categories'),
  call('GET /v1/categories', 400, '/v1/categories?limit=5'),
  call('GET /v1/sources', 200, '/v1/sources'),
  call('GET /v1/sources', 400, '/v1/sources?kind=article'),

  post('POST /v1/retrieve', 200, '/v1/retrieve', { query: 'What does containerd implement?', maxFacts: 5 }),
  post('POST /v1/retrieve', 200, '/v1/retrieve', { query: '도커 데몬은 무엇과 통신하나요?', hops: 2 }),
  post('POST /v1/retrieve', 400, '/v1/retrieve', {}),
  post('POST /v1/retrieve', 400, '/v1/retrieve', '{"query": '),
  post('POST /v1/retrieve', 415, '/v1/retrieve', '<query>containerd</query>', 'application/xml'),
  post('POST /v1/retrieve', 413, '/v1/retrieve', { query: 'containerd '.repeat(7000) }),

  call('GET /v1/learning-path', 200, '/v1/learning-path?target=runc'),
  call('GET /v1/learning-path', 200, '/v1/learning-path?target=runc&known=container,linux-kernel'),
  call('GET /v1/learning-path', 404, '/v1/learning-path?target=dockr'),
  call('GET /v1/learning-path', 400, '/v1/learning-path?target=Runc'),

  call('GET /v1/quiz', 200, '/v1/quiz?concept=containerd&count=6&seed=contract'),
  call('GET /v1/quiz', 200, '/v1/quiz?count=20&seed=whole-graph'),
  call('GET /v1/quiz', 404, '/v1/quiz?concept=dockr'),
  call('GET /v1/quiz', 400, '/v1/quiz?count=0'),

  call('GET /v1/graph', 200, '/v1/graph'),
  call('GET /v1/graph.cyjs', 200, '/v1/graph.cyjs'),
  call('GET /v1/graph.graphml', 200, '/v1/graph.graphml'),
  call('GET /v1/graph.ndjson', 200, '/v1/graph.ndjson'),
  call('GET /v1/relations/{id}', 200, '/v1/relations/containerd:IMPLEMENTS:cri'),
  call('GET /v1/relations/{id}', 404, '/v1/relations/containerd:IMPLEMENTS:runc'),
  call('GET /v1/relations/{id}', 400, '/v1/relations/containerd'),

  write('POST /v1/concepts', 401, '/v1/concepts', { body: newConcept, key: false }),
  write('POST /v1/concepts', 400, '/v1/concepts', { body: { ...newConcept, name: { en: 'docker init' } } }),
  write('POST /v1/concepts', 201, '/v1/concepts', { body: newConcept }),
  write('POST /v1/concepts', 409, '/v1/concepts', { body: newConcept }),
  write('PATCH /v1/concepts/{id}', 428, '/v1/concepts/docker-init', { body: { tags: ['build'] } }),
  write('PATCH /v1/concepts/{id}', 412, '/v1/concepts/docker-init', { body: { tags: ['build'] }, ifMatch: { value: '"stale"' } }),
  write('PATCH /v1/concepts/{id}', 200, '/v1/concepts/docker-init', {
    body: { tags: ['build'] },
    ifMatch: { of: '/v1/concepts/docker-init' },
  }),
  write('PATCH /v1/concepts/{id}', 404, '/v1/concepts/dockr', { body: { tags: ['build'] }, ifMatch: { value: '*' } }),
  write('POST /v1/relations', 400, '/v1/relations', { body: { ...newRelation, type: 'INVENTS' } }),
  write('POST /v1/relations', 201, '/v1/relations', { body: newRelation }),
  write('PATCH /v1/relations/{id}', 200, newRelationUrl, { body: { confidence: 0.8 }, ifMatch: { of: newRelationUrl } }),
  write('PATCH /v1/relations/{id}', 428, newRelationUrl, { body: { confidence: 0.8 } }),
  write('DELETE /v1/concepts/{id}', 409, '/v1/concepts/docker-init', { ifMatch: { of: '/v1/concepts/docker-init' } }),
  write('DELETE /v1/relations/{id}', 412, newRelationUrl, { ifMatch: { value: '"stale"' } }),
  write('DELETE /v1/relations/{id}', 204, newRelationUrl, { ifMatch: { of: newRelationUrl } }),
  write('DELETE /v1/concepts/{id}', 204, '/v1/concepts/docker-init', { ifMatch: { of: '/v1/concepts/docker-init' } }),
  call('GET /v1/concepts/{id}/history', 200, '/v1/concepts/docker-init/history?limit=2'),
  call('GET /v1/concepts/{id}/history', 400, '/v1/concepts/docker-init/history?limit=0'),
  call('GET /v1/relations/{id}/history', 200, `${newRelationUrl}/history`),
  call('GET /v1/relations/{id}/history', 400, '/v1/relations/not-a-relation/history'),
  call('GET /v1/changes', 200, '/v1/changes?since=0&limit=3'),
  call('GET /v1/changes', 400, '/v1/changes?since=-1'),
  call('GET /v1/changes/stream', 400, '/v1/changes/stream?since=soon'),

  call('GET /v1/graph', 400, '/v1/graph?format=graphml'),
  call('GET /v1/graph.cyjs', 400, '/v1/graph.cyjs?limit=5'),
  call('GET /v1/graph.graphml', 400, '/v1/graph.graphml?format=json'),
  call('GET /v1/graph.ndjson', 400, '/v1/graph.ndjson?cursor=abc'),
];

const { app, get, db } = useSeededApp();
let writeKey: string;
let unreachableApp: FastifyInstance;
let closedPort: TcpProxy;
let document: OpenApiDocument;
let contract: ResponseContract;

beforeAll(async () => {
  // A reserved port that is never opened: Neo4j "down" without waiting for a real outage.
  closedPort = await reserveProxy({ host: '127.0.0.1', port: 1 });
  unreachableApp = await buildTestApp({ neo4j: { uri: `bolt://127.0.0.1:${closedPort.port}` } });
  document = await fetchOpenApi(app());
  writeKey = (await createKey(db(), { name: 'contract-writer', scopes: ['write'] })).key;
  contract = new ResponseContract(document);
});

afterAll(async () => {
  await unreachableApp?.close();
  await closedPort?.close();
});

describe('replies match the OpenAPI document', () => {
  const named = cases.map((c) => {
    const body = c.request.payload === undefined ? '' : ` ${c.request.payload.slice(0, 50)}`;
    return [`${c.request.method} ${decodeURIComponent(c.request.url)}${body}`, c.status, c] as const;
  });

  it.each(named)(
    '%s answers %i with a reply the document declares',
    async (_name, status, { operation, request, app: which, key, ifMatch }) => {
      const target = which === 'unreachable' ? unreachableApp : app();
      const headers: Record<string, string> = { ...request.headers };
      if (key) headers.authorization = `Bearer ${writeKey}`;
      if (ifMatch) headers['if-match'] = 'value' in ifMatch ? ifMatch.value : String((await get(ifMatch.of)).headers.etag);
      const reply = await target.inject({ ...request, headers } as InjectOptions);
      expect(reply.statusCode, reply.body.slice(0, 500)).toBe(status);
      expect(contract.violations(operation, reply)).toEqual([]);
    },
  );

  it('exercises every operation in the document with a success and, where it declares one, an error', () => {
    const operations = contract.operations();
    const exercised = new Set([...cases.map((c) => c.operation), ...(Object.keys(exempt) as OperationKey[])]);
    expect(
      operations.filter((operation) => !exercised.has(operation)),
      'operations without a contract case',
    ).toEqual([]);
    expect(
      [...exercised].filter((operation) => !operations.includes(operation)),
      'cases for operations the document lacks',
    ).toEqual([]);
    for (const operation of operations) {
      const statuses = cases.filter((c) => c.operation === operation).map((c) => c.status);
      if (exempt[operation]) statuses.push(200);
      expect(
        statuses.some((status) => status < 300),
        `${operation} has no success case`,
      ).toBe(true);
      const declaresError = contract.declaredStatuses(operation).some((status) => Number(status[0]) >= 4);
      if (declaresError)
        expect(
          statuses.some((status) => status >= 400),
          `${operation} has no error case`,
        ).toBe(true);
    }
  });

  it('flags a reply whose body, status or media type departs from the document', async () => {
    const reply = await get('/v1/concepts/containerd');
    const body = reply.json<{ concept: Record<string, unknown> }>();
    delete body.concept.name;
    const headers = { 'content-type': 'application/json; charset=utf-8' };
    expect(contract.violations('GET /v1/concepts/{id}', { statusCode: 200, headers, body: JSON.stringify(body) })).toEqual([
      expect.stringContaining("must have required property 'name'"),
    ]);
    expect(contract.violations('GET /v1/concepts/{id}', { statusCode: 418, headers, body: reply.body })).toEqual([
      expect.stringContaining('418 is not declared'),
    ]);
    expect(
      contract.violations('GET /v1/concepts/{id}', { statusCode: 200, headers: { 'content-type': 'text/html' }, body: reply.body }),
    ).toEqual([expect.stringContaining("'text/html' is not declared")]);
  });

  it('gives every reply example in the document a body that matches its own schema', () => {
    const mismatches: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          for (const [mediaType, media] of Object.entries(response.content ?? {})) {
            const { example } = media;
            if (example === undefined) continue;
            const body = typeof example === 'string' && !mediaType.endsWith('json') ? example : JSON.stringify(example);
            const key = `${method.toUpperCase()} ${path}` as OperationKey;
            const problems = contract.violations(key, { statusCode: Number(status), headers: { 'content-type': mediaType }, body });
            mismatches.push(...problems.map((problem) => `${key} ${status} ${mediaType}: ${problem}`));
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
