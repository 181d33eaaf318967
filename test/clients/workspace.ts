// A throw-away folder for a generated client and a program that uses it: the repo's node_modules linked in,
// a strict tsconfig, and helpers that compile with tsc and run with tsx as child processes.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { createKey } from '../../src/auth/keys.js';
import type { GraphDatabase } from '../../src/graph/database.js';

const run = promisify(execFile);
const repo = process.cwd();

export interface ClientWorkspace {
  dir: string;
  write(file: string, text: string): Promise<void>;
  /** Type-checks every .ts file of the folder under strict settings; resolves with tsc's diagnostics ('' when clean). */
  typecheck(): Promise<string>;
  /** Runs a TypeScript program of the folder with tsx; resolves with its stdout. */
  runProgram(file: string, args: string[]): Promise<string>;
  remove(): Promise<void>;
}

export const strictCompilerOptions = {
  target: 'ES2022',
  lib: ['ES2023', 'DOM'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  // Checks the generated declaration files too, not only the program.
  skipLibCheck: false,
  noEmit: true,
  types: ['node'],
};

export async function createClientWorkspace(prefix: string, compilerOptions: Record<string, unknown> = {}): Promise<ClientWorkspace> {
  const dir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
  await symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  await writeFile(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...strictCompilerOptions, ...compilerOptions }, include: ['**/*.ts'], exclude: ['node_modules'] }),
  );
  const write = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  };
  return {
    dir,
    write,
    typecheck: async () => {
      try {
        await run(process.execPath, [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', dir], {
          cwd: dir,
          maxBuffer: 16 * 1024 * 1024,
        });
        return '';
      } catch (error) {
        const failed = error as { stdout?: string; stderr?: string; message: string };
        return `${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message;
      }
    },
    runProgram: async (file, args) => {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(dir, file), ...args], {
        cwd: dir,
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      return stdout;
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/**
 * What both generated clients saw that the graph decides (a page, a relation list, a search hit, a learning
 * path, citations), compared with the REST routes' own replies rather than written into the tests.
 */
export async function expectContentFromRest(app: FastifyInstance, seen: Record<string, unknown>): Promise<void> {
  const rest = async <T>(url: string) => (await app.inject({ method: 'GET', url })).json<T>();
  type Items<T> = { items: T[] };
  const runtimePage = await rest<Items<{ id: string }> & { nextCursor: string }>('/v1/concepts?category=runtime&limit=2');
  const secondPage = await rest<Items<{ id: string }>>(
    `/v1/concepts?category=runtime&limit=2&cursor=${encodeURIComponent(runtimePage.nextCursor)}`,
  );
  expect(seen.secondPageFirst).toBe(secondPage.items[0]?.id);
  const implemented = await rest<Items<{ object: { id: string } }>>('/v1/relations?subject=containerd&type=IMPLEMENTS');
  expect(seen.implements).toBe(implemented.items.map((relation) => relation.object.id).join(','));
  expect(seen.implements).not.toBe('');
  const hits = await rest<Items<{ concept: { id: string } }>>(`/v1/search?q=${encodeURIComponent('도커 데몬')}&limit=1`);
  expect(seen.searchFirst).toBe(hits.items[0]?.concept.id);
  const learning = await rest<{ steps: { concept: { id: string } }[] }>('/v1/learning-path?target=libcontainer&known=container');
  expect(seen.firstStep).toBe(learning.steps[0]?.concept.id);
  expect(seen.factCitations).toBeGreaterThan(0);
}

/**
 * GET /v1/changes/stream answers with an endless text/event-stream, so a program that awaits every reply would
 * never finish: no generated program calls it. test/routes/curation.int.test.ts reads that stream.
 */
export const uncalledOperations = ['streamChanges'];

/** Every operation a program calls, read from the document the client was generated from. */
export function calledOperationIds(document: { paths: Record<string, Record<string, { operationId: string }>> }): string[] {
  return Object.values(document.paths)
    .flatMap((item) => Object.values(item).map((op) => op.operationId))
    .filter((operationId) => !uncalledOperations.includes(operationId));
}

/** What an operation answers when it does its work: a create 201 with Location, a delete 204 without a body. */
export function successStatus(operationId: string): number {
  if (/^create[A-Z]/.test(operationId)) return 201;
  if (/^delete[A-Z]/.test(operationId)) return 204;
  return 200;
}

/** The concept and relation each program writes and deletes again, leaving the seeded graph as it found it. */
export const written = {
  conceptId: 'docker-init',
  concept: {
    id: 'docker-init',
    name: { en: 'docker init', ko: 'docker init' },
    aliases: { en: [], ko: [] },
    reading: '도커 이닛',
    category: 'tool',
    tags: [],
    summary: {
      en: 'A Docker CLI command that writes a starter Dockerfile and Compose file for a project.',
      ko: '프로젝트에 맞는 기본 Dockerfile과 Compose 파일을 만들어 주는 Docker CLI 명령.',
    },
    sources: [{ source: 'background', section: 'docker-overview' }],
  },
  changedSummaryEn: 'A Docker CLI command that scaffolds the Docker files a project needs.',
  relationId: 'docker-init:CREATES:dockerfile',
  relation: {
    subject: 'docker-init',
    type: 'CREATES',
    object: 'dockerfile',
    confidence: 0.6,
    sources: [{ source: 'background', section: 'docker-overview' }],
  },
  changedConfidence: 0.8,
};

/** The name of the write key the programs send; the revisions name it as their author. */
export const writerName = 'generated-client';

export async function createWriteKey(db: GraphDatabase): Promise<string> {
  return (await createKey(db, { name: writerName, scopes: ['write'] })).key;
}

/**
 * What a program saw on each write step, through the generated client (status, ETag, body) and through a plain
 * GET of the element's URL made right after the step (the `rest` fields), the same shape in every language.
 */
export interface WriteSteps {
  unauthenticated: { status: number; code: string };
  created: { status: number; location: string; etag: string; restStatus: number; restEtag: string };
  read: { etag: string };
  updated: { status: number; etag: string; summaryEn: string; restEtag: string; restSummaryEn: string };
  stale: { status: number; code: string };
  relation: { createdEtag: string; restEtag: string; etag: string; confidence: number; restConfidence: number; deletedRestStatus: number };
  deleted: { status: number; restStatus: number; restCode: string };
}

/**
 * Holds a program's write steps to the HTTP contract (201 with Location and the ETag GET answers with, a new ETag
 * after a change, 412 for the ETag read before it, 401 without a key as a problem, 204 and then 404), then asks
 * REST itself: the concept is gone, and its revisions are exactly the three writes, by the key's name (the two
 * refusals wrote nothing).
 */
export async function expectWriteSteps(app: FastifyInstance, steps: WriteSteps): Promise<void> {
  expect(steps.unauthenticated).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  const { created, read, updated } = steps;
  expect(created).toMatchObject({ status: 201, location: `/v1/concepts/${written.conceptId}`, restStatus: 200 });
  expect(created.etag).toMatch(/^"[^"]+"$/);
  expect(created.restEtag).toBe(created.etag);
  expect(read.etag).toBe(created.etag);
  expect(updated).toMatchObject({ status: 200, summaryEn: written.changedSummaryEn, restSummaryEn: written.changedSummaryEn });
  expect(updated.etag).not.toBe(created.etag);
  expect(updated.restEtag).toBe(updated.etag);
  expect(steps.stale).toEqual({ status: 412, code: 'PRECONDITION_FAILED' });
  // A relation id holds colons, which every generator percent-encodes in the path (%3A); GET answers one ETag
  // for the element however its URL is spelled, the one the create reply carried and If-Match is checked against.
  expect(steps.relation.createdEtag).toMatch(/^"[^"]+"$/);
  expect(steps.relation.restEtag).toBe(steps.relation.createdEtag);
  expect(steps.relation.etag, 'the ETag of GET through the client (id percent-encoded)').toBe(steps.relation.createdEtag);
  expect(steps.relation).toMatchObject({
    confidence: written.changedConfidence,
    restConfidence: written.changedConfidence,
    deletedRestStatus: 404,
  });
  expect(steps.deleted).toEqual({ status: 204, restStatus: 404, restCode: 'CONCEPT_NOT_FOUND' });

  expect((await app.inject({ method: 'GET', url: `/v1/concepts/${written.conceptId}` })).statusCode).toBe(404);
  const changes = (await app.inject({ method: 'GET', url: '/v1/changes?since=0&limit=500' })).json<{
    items: { kind: string; op: string; target: string; by: string }[];
  }>();
  const ofConcept = changes.items.filter((revision) => revision.kind === 'concept' && revision.target === written.conceptId);
  expect(ofConcept.map((revision) => `${revision.op} by ${revision.by}`)).toEqual(
    ['create', 'update', 'delete'].map((op) => `${op} by ${writerName}`),
  );
}
