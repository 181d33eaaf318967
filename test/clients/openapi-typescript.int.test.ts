// A client generated with openapi-typescript + openapi-fetch from the live /openapi.json: a small program that
// calls every operation compiles under strict TypeScript, then runs against the app over HTTP.
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useSteadySeededApp } from '../helpers/steady-app.js';
import { type ClientWorkspace, createClientWorkspace, expectContentFromRest } from './workspace.js';

const { app } = useSteadySeededApp();

/**
 * Uses the generated types the way an app developer would: typed params and bodies, typed replies read
 * without casts. Prints { operationId: status } and a few values as JSON.
 */
const program = `
import createClient from 'openapi-fetch';
import type { components, paths } from './schema.js';

type Problem = components['schemas']['Problem'];
// A well-behaved client retries a 503 after its Retry-After (the shared test machine sheds load now and then).
async function politeFetch(request: Request): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(request.clone());
    if (response.status !== 503 || attempt === 4) return response;
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('retry-after') ?? 1)));
  }
}
const client = createClient<paths>({ baseUrl: process.argv[2] ?? '', fetch: politeFetch });
const statuses: Record<string, number> = {};
const seen: Record<string, string | number | boolean> = {};

const live = await client.GET('/health/live');
statuses.getLiveness = live.response.status;
seen.uptimeIsNumber = typeof live.data?.uptimeSeconds === 'number';

const ready = await client.GET('/health/ready');
statuses.getReadiness = ready.response.status;

const concepts = await client.GET('/v1/concepts', { params: { query: { category: 'runtime', limit: 2 } } });
statuses.listConcepts = concepts.response.status;
const cursor: string | null | undefined = concepts.data?.nextCursor;
if (cursor) {
  const next = await client.GET('/v1/concepts', { params: { query: { category: 'runtime', limit: 2, cursor } } });
  seen.secondPageFirst = next.data?.items[0]?.id ?? '';
}

const concept = await client.GET('/v1/concepts/{id}', { params: { path: { id: 'containerd' } } });
statuses.getConcept = concept.response.status;
seen.conceptKo = concept.data?.concept.name.ko ?? '';
const etag = concept.response.headers.get('etag') ?? '';
const again = await client.GET('/v1/concepts/{id}', { params: { path: { id: 'containerd' }, header: { 'If-None-Match': etag } } });
seen.revalidated = again.response.status;

const missing = await client.GET('/v1/concepts/{id}', { params: { path: { id: 'dockr' } } });
const problem: Problem | undefined = missing.error;
seen.missingCode = problem?.code ?? '';

const relationsOf = await client.GET('/v1/concepts/{id}/relations', {
  params: { path: { id: 'runc' }, query: { direction: 'in', limit: 5 } },
});
statuses.listConceptRelations = relationsOf.response.status;

const around = await client.GET('/v1/concepts/{id}/neighborhood', { params: { path: { id: 'containerd' }, query: { depth: 2 } } });
statuses.getNeighborhood = around.response.status;
seen.truncated = around.data?.truncated ?? 'none';

const relations = await client.GET('/v1/relations', { params: { query: { subject: 'containerd', type: 'IMPLEMENTS' } } });
statuses.listRelations = relations.response.status;
seen.implements = relations.data?.items.map((relation) => relation.object.id).join(',') ?? '';

const paths = await client.GET('/v1/paths', { params: { query: { from: 'runc', to: 'kubernetes', limit: 1 } } });
statuses.findPaths = paths.response.status;
seen.pathEn = paths.data?.items[0]?.explanation.en ?? '';

const search = await client.GET('/v1/search', { params: { query: { q: '도커 데몬', limit: 1 } } });
statuses.searchConcepts = search.response.status;
seen.searchFirst = search.data?.items[0]?.concept.id ?? '';

statuses.listRelationTypes = (await client.GET('/v1/relation-types')).response.status;
statuses.listCategories = (await client.GET('/v1/categories')).response.status;
statuses.listSources = (await client.GET('/v1/sources')).response.status;

const retrieved = await client.POST('/v1/retrieve', { body: { query: 'runc는 누가 관리하나요?', maxFacts: 5 } });
statuses.retrieveFacts = retrieved.response.status;
const firstFact = retrieved.data?.facts[0];
seen.factCitations = firstFact?.citations.length ?? 0;
seen.contextKo = retrieved.data?.language === 'ko';

const path = await client.GET('/v1/learning-path', { params: { query: { target: 'libcontainer', known: 'container' } } });
statuses.getLearningPath = path.response.status;
seen.firstStep = path.data?.steps[0]?.concept.id ?? '';

const quiz = await client.GET('/v1/quiz', { params: { query: { concept: 'containerd', count: 3, seed: 'client' } } });
statuses.generateQuiz = quiz.response.status;
const kinds = quiz.data?.questions.map((question) => {
  switch (question.kind) {
    case 'multiple-choice':
      return question.choices.length > 1 ? 'mc' : 'mc?';
    case 'true-false':
      return typeof question.answer.value === 'boolean' ? 'tf' : 'tf?';
    case 'fill-in-the-blank':
      return question.answer.accepted.en.length > 0 ? 'fill' : 'fill?';
    default:
      return 'other';
  }
});
seen.quizKinds = kinds?.join(',') ?? '';

// One media type per operation: the JSON exports are typed without narrowing, the text ones are read as text.
const graph = await client.GET('/v1/graph');
statuses.exportGraph = graph.response.status;
seen.graphNodes = graph.data?.nodes.length ?? -1;

const cyjs = await client.GET('/v1/graph.cyjs');
statuses.exportGraphCytoscape = cyjs.response.status;
seen.cytoscapeNodes = cyjs.data?.elements.nodes.length ?? -1;

const graphml = await client.GET('/v1/graph.graphml', { parseAs: 'text' });
statuses.exportGraphml = graphml.response.status;
seen.graphmlNodes = (graphml.data ?? '').split('<node ').length - 1;

const ndjson = await client.GET('/v1/graph.ndjson', { parseAs: 'text' });
statuses.exportGraphNdjson = ndjson.response.status;
const lines = (ndjson.data ?? '').trim().split('\\n');
seen.ndjsonEnd = JSON.stringify(JSON.parse(lines.at(-1) ?? '{}').end?.nodes ?? -1);

process.stdout.write(JSON.stringify({ statuses, seen }));
`;

describe('a client generated by openapi-typescript with openapi-fetch', () => {
  let workspace: ClientWorkspace;
  let baseUrl = '';
  let operationIds: string[] = [];
  let generatorWarnings: unknown[][] = [];

  beforeAll(async () => {
    baseUrl = await app().listen({ host: '127.0.0.1', port: 0 });
    const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as Parameters<typeof openapiTS>[0] & {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    operationIds = Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    workspace = await createClientWorkspace('openapi-typescript');
    // openapi-typescript reports what it cannot translate (an unresolved $ref, a discriminator it cannot map) on the console.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      await workspace.write('schema.ts', astToString(await openapiTS(document)));
    } finally {
      generatorWarnings = [...warn.mock.calls, ...error.mock.calls];
      warn.mockRestore();
      error.mockRestore();
    }
    await workspace.write('program.ts', program);
  }, 120_000);

  afterAll(async () => {
    await workspace?.remove();
  });

  it('generates without a warning about the document', () => {
    expect(generatorWarnings).toEqual([]);
  });

  it('compiles a program calling every operation under strict TypeScript', async () => {
    expect(await workspace.typecheck()).toBe('');
    // tsc over the generated declarations takes a minute on 2 busy cores.
  }, 300_000);

  it('runs that program against the app: every operation answers, with the values the types promise', async () => {
    const { statuses, seen } = JSON.parse(await workspace.runProgram('program.ts', [baseUrl])) as {
      statuses: Record<string, number>;
      seen: Record<string, unknown>;
    };
    expect(Object.keys(statuses).sort()).toEqual([...operationIds].sort());
    for (const [operationId, status] of Object.entries(statuses)) expect(status, operationId).toBe(200);
    expect(seen).toMatchObject({
      uptimeIsNumber: true,
      conceptKo: 'containerd',
      revalidated: 304,
      missingCode: 'CONCEPT_NOT_FOUND',
      contextKo: true,
    });
    expect(seen.pathEn).toMatch(/runc .*containerd.*Kubernetes/);
    await expectContentFromRest(app(), seen);
    expect(String(seen.quizKinds).split(',')).toHaveLength(3);
    expect(seen.graphNodes).toBeGreaterThan(50);
    expect([seen.cytoscapeNodes, seen.graphmlNodes, Number(seen.ndjsonEnd)]).toEqual([seen.graphNodes, seen.graphNodes, seen.graphNodes]);
  }, 120_000);
});
