// A client generated with openapi-typescript + openapi-fetch from the live /openapi.json: a small program that
// calls every operation (but the endless change stream, see workspace.ts) compiles under strict TypeScript, then
// runs against the app over HTTP, writing with a bearer key and If-Match and reading each refusal as a Problem.
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useSteadySeededApp } from '../helpers/steady-app.js';
import {
  type ClientWorkspace,
  calledOperationIds,
  createClientWorkspace,
  createWriteKey,
  expectContentFromRest,
  expectWriteSteps,
  successStatus,
  type WriteSteps,
  written,
} from './workspace.js';

const { app, db } = useSteadySeededApp();

/**
 * Uses the generated types the way an app developer would: typed params and bodies, typed replies read
 * without casts. Prints { operationId: status }, a few values and what each write step saw as JSON.
 * Arguments: the base URL, a write key, and the concept and relation to write.
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

const history = await client.GET('/v1/concepts/{id}/history', { params: { path: { id: 'containerd' }, query: { limit: 5 } } });
statuses.getConceptHistory = history.response.status;
const relationId = 'containerd:IMPLEMENTS:cri';
statuses.getRelation = (await client.GET('/v1/relations/{id}', { params: { path: { id: relationId } } })).response.status;
statuses.getRelationHistory = (await client.GET('/v1/relations/{id}/history', { params: { path: { id: relationId } } })).response
  .status;

// Writes: the key goes in as a bearer token, If-Match carries the ETag last read, a refusal arrives as a Problem.
// The concept and relation come as JSON from the test (workspace.ts), typed as the bodies the client sends.
type NewConcept = paths['/v1/concepts']['post']['requestBody']['content']['application/json'];
type NewRelation = paths['/v1/relations']['post']['requestBody']['content']['application/json'];
const written = JSON.parse(process.argv[4] ?? '{}') as {
  concept: NewConcept;
  changedSummaryEn: string;
  relationId: string;
  relation: NewRelation;
  changedConfidence: number;
};
const writer = createClient<paths>({
  baseUrl: process.argv[2] ?? '',
  fetch: politeFetch,
  headers: { Authorization: \`Bearer \${process.argv[3] ?? ''}\` },
});
// What REST answers for a URL right after a step, read without the generated client.
async function rest(url: string): Promise<{ status: number; etag: string; body: Record<string, any> }> {
  const response = await fetch(\`\${process.argv[2] ?? ''}\${url}\`);
  return { status: response.status, etag: response.headers.get('etag') ?? '', body: (await response.json()) as Record<string, any> };
}
const body = written.concept;
const id = body.id;
const conceptUrl = \`/v1/concepts/\${id}\`;

const anonymous = await client.POST('/v1/concepts', { body });
const refusal: Problem | undefined = anonymous.error;
const unauthenticated = { status: anonymous.response.status, code: refusal?.code ?? '' };

const createdReply = await writer.POST('/v1/concepts', { body });
statuses.createConcept = createdReply.response.status;
const afterCreate = await rest(conceptUrl);
const created = {
  status: createdReply.response.status,
  location: createdReply.response.headers.get('location') ?? '',
  etag: createdReply.response.headers.get('etag') ?? '',
  restStatus: afterCreate.status,
  restEtag: afterCreate.etag,
};
const readReply = await writer.GET('/v1/concepts/{id}', { params: { path: { id } } });
const read = { etag: readReply.response.headers.get('etag') ?? '' };

const patch = { summary: { en: written.changedSummaryEn } };
const updatedReply = await writer.PATCH('/v1/concepts/{id}', { params: { path: { id }, header: { 'if-match': read.etag } }, body: patch });
statuses.updateConcept = updatedReply.response.status;
const afterUpdate = await rest(conceptUrl);
const updated = {
  status: updatedReply.response.status,
  etag: updatedReply.response.headers.get('etag') ?? '',
  summaryEn: updatedReply.data?.summary.en ?? '',
  restEtag: afterUpdate.etag,
  restSummaryEn: String(afterUpdate.body.concept?.summary?.en),
};
const staleReply = await writer.PATCH('/v1/concepts/{id}', { params: { path: { id }, header: { 'if-match': read.etag } }, body: patch });
const staleProblem: Problem | undefined = staleReply.error;
const stale = { status: staleReply.response.status, code: staleProblem?.code ?? '' };

const relationUrl = \`/v1/relations/\${written.relationId}\`;
const relationPath = { path: { id: written.relationId } };
const relationCreated = await writer.POST('/v1/relations', { body: written.relation });
statuses.createRelation = relationCreated.response.status;
const afterRelationCreate = await rest(relationUrl);
const relationRead = await writer.GET('/v1/relations/{id}', { params: relationPath });
const relationEtag = relationRead.response.headers.get('etag') ?? '';
const relationChanged = await writer.PATCH('/v1/relations/{id}', {
  params: { ...relationPath, header: { 'if-match': relationEtag } },
  body: { confidence: written.changedConfidence },
});
statuses.updateRelation = relationChanged.response.status;
const restConfidence = Number((await rest(relationUrl)).body.confidence);
const relationDeleted = await writer.DELETE('/v1/relations/{id}', {
  params: { ...relationPath, header: { 'if-match': relationChanged.response.headers.get('etag') ?? '' } },
});
statuses.deleteRelation = relationDeleted.response.status;
const relation = {
  createdEtag: relationCreated.response.headers.get('etag') ?? '',
  restEtag: afterRelationCreate.etag,
  etag: relationEtag,
  confidence: relationChanged.data?.confidence ?? -1,
  restConfidence,
  deletedRestStatus: (await rest(relationUrl)).status,
};

statuses.listChanges = (await client.GET('/v1/changes', { params: { query: { since: 0, limit: 10 } } })).response.status;
// The relation writes changed the concept's representation (it lists its relations): read its ETag again.
const current = (await writer.GET('/v1/concepts/{id}', { params: { path: { id } } })).response.headers.get('etag') ?? '';
const deletedReply = await writer.DELETE('/v1/concepts/{id}', { params: { path: { id }, header: { 'if-match': current } } });
statuses.deleteConcept = deletedReply.response.status;
const afterDelete = await rest(conceptUrl);
const deleted = { status: deletedReply.response.status, restStatus: afterDelete.status, restCode: String(afterDelete.body.code) };

const writes = { unauthenticated, created, read, updated, stale, relation, deleted };
process.stdout.write(JSON.stringify({ statuses, seen, writes }));
`;

describe('a client generated by openapi-typescript with openapi-fetch', () => {
  let workspace: ClientWorkspace;
  let baseUrl = '';
  let operationIds: string[] = [];
  let generatorWarnings: unknown[][] = [];
  let writeKey = '';

  beforeAll(async () => {
    baseUrl = await app().listen({ host: '127.0.0.1', port: 0 });
    const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as Parameters<typeof openapiTS>[0] & {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    operationIds = calledOperationIds(document);
    writeKey = await createWriteKey(db());
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
    const output = await workspace.runProgram('program.ts', [baseUrl, writeKey, JSON.stringify(written)]);
    const { statuses, seen, writes } = JSON.parse(output) as {
      statuses: Record<string, number>;
      seen: Record<string, unknown>;
      writes: WriteSteps;
    };
    expect(Object.keys(statuses).sort()).toEqual([...operationIds].sort());
    await expectWriteSteps(app(), writes);
    for (const [operationId, status] of Object.entries(statuses)) expect(status, operationId).toBe(successStatus(operationId));
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
