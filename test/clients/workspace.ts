// A throw-away folder for a generated client and a program that uses it: the repo's node_modules linked in,
// a strict tsconfig, and helpers that compile with tsc and run with tsx as child processes.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

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
