// A typescript-fetch client from openapi-generator (the jar from Maven Central), generated from the live
// /openapi.json: its code and a program calling every operation (but the endless change stream, see
// workspace.ts) compile under strict TypeScript, and the program runs against the app, writing with a bearer key
// and If-Match. Needs Java and Maven (the same as the local Neo4j); the jar is fetched once.
import { execFile } from 'node:child_process';
import { access, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const run = promisify(execFile);

/** Pinned like every other tool here; `npm run clients:install` fetches the same jar. */
export const openapiGeneratorVersion = '7.17.0';
const jar = path.join(
  homedir(),
  `.m2/repository/org/openapitools/openapi-generator-cli/${openapiGeneratorVersion}/openapi-generator-cli-${openapiGeneratorVersion}.jar`,
);

async function jarAvailable(): Promise<boolean> {
  const present = () =>
    access(jar).then(
      () => true,
      () => false,
    );
  if (await present()) return true;
  try {
    await run(
      'mvn',
      ['-B', '-q', 'dependency:get', `-Dartifact=org.openapitools:openapi-generator-cli:${openapiGeneratorVersion}`, '-Dtransitive=false'],
      {
        timeout: 300_000,
      },
    );
  } catch (error) {
    process.stderr.write(`openapi-generator-cli ${openapiGeneratorVersion} could not be fetched with Maven: ${String(error)}\n`);
  }
  return present();
}

const available = await jarAvailable();

/**
 * What this generator version says of any OpenAPI 3.1 document like ours, not of something to fix in it:
 * 3.1 support is beta; it makes examples only for application/json (ours include problem+json, GraphML and
 * NDJSON); its 3.1 parser cannot name a boolean or empty `additionalProperties` (Bilingual, Problem); and
 * `object`, a query parameter of GET /v1/relations, is a TypeScript type name it renames internally.
 */
const generatorSideWarnings = [
  /OpenAPI 3\.1 support is still in beta/,
  /No application\/json content media type found in response\. Response examples can currently only be generated for application\/json/,
  /Failed to get the schema name: null$/,
  /Object \(model name matches existing language type\) cannot be used as a model name\. Renamed to ModelObject/,
];

const program = `
import {
  CatalogueApi, ConceptsApi, Configuration, CurationApi, GraphApi, HealthApi, LearningApi, RelationsApi, ResponseError, SearchApi,
} from './client/index.js';
import type { ConceptEntry, RelationEntry, Problem } from './client/index.js';

// A well-behaved client retries a 503 after its Retry-After (the shared test machine sheds load now and then).
async function politeFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(input, init);
    if (response.status !== 503 || attempt === 4) return response;
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('retry-after') ?? 1)));
  }
}
const configuration = new Configuration({ basePath: process.argv[2] ?? '', fetchApi: politeFetch });
const health = new HealthApi(configuration);
const concepts = new ConceptsApi(configuration);
const relations = new RelationsApi(configuration);
const graph = new GraphApi(configuration);
const search = new SearchApi(configuration);
const catalogue = new CatalogueApi(configuration);
const learning = new LearningApi(configuration);

const statuses: Record<string, number> = {};
const seen: Record<string, string | number | boolean> = {};

async function failure(call: () => Promise<unknown>): Promise<{ status: number; problem: Problem | null }> {
  try {
    await call();
    return { status: 200, problem: null };
  } catch (error) {
    if (!(error instanceof ResponseError)) throw error;
    const text = await error.response.text();
    return { status: error.response.status, problem: text === '' ? null : (JSON.parse(text) as Problem) };
  }
}

statuses.getLiveness = (await health.getLivenessRaw()).raw.status;
statuses.getReadiness = (await health.getReadinessRaw()).raw.status;

const page = await concepts.listConceptsRaw({ category: 'runtime', limit: 2 });
statuses.listConcepts = page.raw.status;
const firstPage = await page.value();
if (firstPage.nextCursor) {
  const next = await concepts.listConcepts({ category: 'runtime', limit: 2, cursor: firstPage.nextCursor });
  seen.secondPageFirst = next.items[0]?.id ?? '';
}

const concept = await concepts.getConceptRaw({ id: 'containerd' });
statuses.getConcept = concept.raw.status;
seen.conceptKo = (await concept.value()).concept.name.ko;
const etag = concept.raw.headers.get('etag') ?? '';
seen.revalidated = (await failure(() => concepts.getConcept({ id: 'containerd', ifNoneMatch: etag }))).status;
seen.missingCode = (await failure(() => concepts.getConcept({ id: 'dockr' }))).problem?.code ?? '';

statuses.listConceptRelations = (await concepts.listConceptRelationsRaw({ id: 'runc', direction: 'in', limit: 5 })).raw.status;
const around = await graph.getNeighborhood({ id: 'containerd', depth: 2 });
statuses.getNeighborhood = 200;
seen.nodes = around.nodes.length;

const implemented = await relations.listRelations({ subject: 'containerd', type: 'IMPLEMENTS' });
statuses.listRelations = 200;
seen.implements = implemented.items.map((relation) => relation.object.id).join(',');

const paths = await graph.findPaths({ from: 'runc', to: 'kubernetes', limit: 1 });
statuses.findPaths = 200;
seen.pathEn = paths.items[0]?.explanation.en ?? '';

const hits = await search.searchConcepts({ q: '도커 데몬', limit: 1 });
statuses.searchConcepts = 200;
seen.searchFirst = hits.items[0]?.concept.id ?? '';

statuses.listRelationTypes = (await catalogue.listRelationTypesRaw({})).raw.status;
statuses.listCategories = (await catalogue.listCategoriesRaw({})).raw.status;
statuses.listSources = (await catalogue.listSourcesRaw({})).raw.status;

const facts = await learning.retrieveFacts({ retrieveFactsRequest: { query: 'runc는 누가 관리하나요?', maxFacts: 5 } });
statuses.retrieveFacts = 200;
seen.factCitations = facts.facts[0]?.citations.length ?? 0;

const steps = await learning.getLearningPath({ target: 'libcontainer', known: 'container' });
statuses.getLearningPath = 200;
seen.firstStep = steps.steps[0]?.concept.id ?? '';

const quiz = await learning.generateQuiz({ concept: 'containerd', count: 3, seed: 'client' });
statuses.generateQuiz = 200;
seen.questions = quiz.questions.length;

const exported = await graph.exportGraph({});
statuses.exportGraph = 200;
seen.graphNodes = exported.nodes.length;

const cyjs = await graph.exportGraphCytoscape({});
statuses.exportGraphCytoscape = 200;
seen.cytoscapeNodes = cyjs.elements.nodes.length;

const graphml = await graph.exportGraphmlRaw({});
statuses.exportGraphml = graphml.raw.status;
seen.graphmlNodes = (await graphml.raw.text()).split('<node ').length - 1;

const ndjson = await graph.exportGraphNdjsonRaw({});
statuses.exportGraphNdjson = ndjson.raw.status;
seen.ndjsonLines = (await ndjson.raw.text()).trim().split('\\n').length;

const curation = new CurationApi(configuration);
statuses.getConceptHistory = (await curation.getConceptHistoryRaw({ id: 'containerd', limit: 5 })).raw.status;
const relationId = 'containerd:IMPLEMENTS:cri';
statuses.getRelation = (await relations.getRelationRaw({ id: relationId })).raw.status;
statuses.getRelationHistory = (await curation.getRelationHistoryRaw({ id: relationId })).raw.status;

// Writes: the key is the configuration's access token (sent as a bearer token), ifMatch carries the ETag last
// read, and a refusal is thrown as a ResponseError whose body is a Problem. The concept and relation come as
// JSON from the test (workspace.ts), typed as the requests the client sends.
const written = JSON.parse(process.argv[4] ?? '{}') as {
  concept: ConceptEntry;
  changedSummaryEn: string;
  relationId: string;
  relation: RelationEntry;
  changedConfidence: number;
};
const writer = new CurationApi(new Configuration({ basePath: process.argv[2] ?? '', fetchApi: politeFetch, accessToken: process.argv[3] ?? '' }));
// What REST answers for a URL right after a step, read without the generated client.
async function rest(url: string): Promise<{ status: number; etag: string; body: Record<string, any> }> {
  const response = await fetch(\`\${process.argv[2] ?? ''}\${url}\`);
  return { status: response.status, etag: response.headers.get('etag') ?? '', body: (await response.json()) as Record<string, any> };
}
const id = written.concept.id;
const conceptUrl = \`/v1/concepts/\${id}\`;

const anonymous = await failure(() => curation.createConcept({ conceptEntry: written.concept }));
const unauthenticated = { status: anonymous.status, code: anonymous.problem?.code ?? '' };

const createdReply = await writer.createConceptRaw({ conceptEntry: written.concept });
statuses.createConcept = createdReply.raw.status;
const afterCreate = await rest(conceptUrl);
const created = {
  status: createdReply.raw.status,
  location: createdReply.raw.headers.get('location') ?? '',
  etag: createdReply.raw.headers.get('etag') ?? '',
  restStatus: afterCreate.status,
  restEtag: afterCreate.etag,
};
const read = { etag: (await concepts.getConceptRaw({ id })).raw.headers.get('etag') ?? '' };

const patch = { updateConceptRequest: { summary: { en: written.changedSummaryEn } } };
const updatedReply = await writer.updateConceptRaw({ id, ifMatch: read.etag, ...patch });
statuses.updateConcept = updatedReply.raw.status;
const afterUpdate = await rest(conceptUrl);
const updated = {
  status: updatedReply.raw.status,
  etag: updatedReply.raw.headers.get('etag') ?? '',
  summaryEn: (await updatedReply.value()).summary.en,
  restEtag: afterUpdate.etag,
  restSummaryEn: String(afterUpdate.body.concept?.summary?.en),
};
const staleReply = await failure(() => writer.updateConcept({ id, ifMatch: read.etag, ...patch }));
const stale = { status: staleReply.status, code: staleReply.problem?.code ?? '' };

const relationUrl = \`/v1/relations/\${written.relationId}\`;
const relationCreated = await writer.createRelationRaw({ relationEntry: written.relation });
statuses.createRelation = relationCreated.raw.status;
const afterRelationCreate = await rest(relationUrl);
const relationEtag = (await relations.getRelationRaw({ id: written.relationId })).raw.headers.get('etag') ?? '';
const relationChanged = await writer.updateRelationRaw({
  id: written.relationId,
  ifMatch: relationEtag,
  updateRelationRequest: { confidence: written.changedConfidence },
});
statuses.updateRelation = relationChanged.raw.status;
const restConfidence = Number((await rest(relationUrl)).body.confidence);
const relationDeleted = await writer.deleteRelationRaw({ id: written.relationId, ifMatch: relationChanged.raw.headers.get('etag') ?? '' });
statuses.deleteRelation = relationDeleted.raw.status;
const relation = {
  createdEtag: relationCreated.raw.headers.get('etag') ?? '',
  restEtag: afterRelationCreate.etag,
  etag: relationEtag,
  confidence: (await relationChanged.value()).confidence,
  restConfidence,
  deletedRestStatus: (await rest(relationUrl)).status,
};

statuses.listChanges = (await curation.listChangesRaw({ since: 0, limit: 10 })).raw.status;
// The relation writes changed the concept's representation (it lists its relations): read its ETag again.
const current = (await concepts.getConceptRaw({ id })).raw.headers.get('etag') ?? '';
const deletedReply = await writer.deleteConceptRaw({ id, ifMatch: current });
statuses.deleteConcept = deletedReply.raw.status;
const afterDelete = await rest(conceptUrl);
const deleted = { status: deletedReply.raw.status, restStatus: afterDelete.status, restCode: String(afterDelete.body.code) };

const writes = { unauthenticated, created, read, updated, stale, relation, deleted };
process.stdout.write(JSON.stringify({ statuses, seen, writes }));
`;

const { app, db } = useSteadySeededApp();

describe.skipIf(!available)(`a typescript-fetch client from openapi-generator ${openapiGeneratorVersion}`, () => {
  let workspace: ClientWorkspace;
  let baseUrl = '';
  let operationIds: string[] = [];
  let generatorLog = '';
  let writeKey = '';

  beforeAll(async () => {
    baseUrl = await app().listen({ host: '127.0.0.1', port: 0 });
    const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { operationId: string }>>;
    };
    operationIds = calledOperationIds(document);
    writeKey = await createWriteKey(db());
    // The generator's own TypeScript style: strict, but without this repo's two extra flags (it leaves
    // optional properties `undefined` and omits `override`), which are not what "strict" means.
    workspace = await createClientWorkspace('openapi-generator', { exactOptionalPropertyTypes: false, noImplicitOverride: false });
    const spec = path.join(workspace.dir, 'openapi.json');
    await writeFile(spec, JSON.stringify(document));
    const generated = await run(
      'java',
      [
        '-jar',
        jar,
        'generate',
        '-g',
        'typescript-fetch',
        '-i',
        spec,
        '-o',
        path.join(workspace.dir, 'client'),
        '--additional-properties=supportsES6=true,importFileExtension=.js',
      ],
      { timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
    );
    generatorLog = `${generated.stdout}${generated.stderr}`;
    await workspace.write('program.ts', program);
  }, 400_000);

  afterAll(async () => {
    await workspace?.remove();
  });

  it('generates without a warning about the document (operation names, schemas, the quiz union)', () => {
    expect(generatorLog).toMatch(/typescript-fetch|Successfully|writing file/i);
    const warnings = generatorLog.split('\n').filter((line) => /\bWARN\b/.test(line));
    expect(warnings.filter((line) => !generatorSideWarnings.some((known) => known.test(line)))).toEqual([]);
  });

  it('compiles the generated client and a program calling every operation under strict TypeScript', async () => {
    expect(await workspace.typecheck()).toBe('');
  }, 300_000);

  it('runs that program against the app, a write with a bearer key and If-Match included', async () => {
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
      conceptKo: 'containerd',
      revalidated: 304,
      missingCode: 'CONCEPT_NOT_FOUND',
      questions: 3,
    });
    expect(seen.pathEn).toMatch(/runc .*containerd.*Kubernetes/);
    await expectContentFromRest(app(), seen);
    expect(seen.graphNodes).toBeGreaterThan(50);
    expect([seen.cytoscapeNodes, seen.graphmlNodes]).toEqual([seen.graphNodes, seen.graphNodes]);
    expect(seen.ndjsonLines).toBeGreaterThan(Number(seen.graphNodes) + 1);
  }, 120_000);
});
