// The real entry point as a process: start-up seeding of an empty graph, readiness, graceful shutdown.
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { freePort } from '../tools/neo4j-local/neo4j-local.js';
import { clearGraph, openTestDb } from './helpers/app.js';

const db = openTestDb();

async function waitFor(url: string, status: number, deadlineMs: number): Promise<Response> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.status === status) return response;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${status} within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

afterAll(async () => {
  await db.driver.close();
});

describe('src/server.ts', () => {
  it('seeds an empty graph by itself, reports ready, and exits 0 on SIGTERM', async () => {
    await clearGraph(db);
    const { uri, username, password } = inject('neo4j');
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, NEO4J_URI: uri, NEO4J_USERNAME: username, NEO4J_PASSWORD: password, PORT: String(port), SEED_ON_START: 'if-empty', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const ready = await waitFor(`http://127.0.0.1:${port}/health/ready`, 200, 60_000);
      expect(await ready.json()).toMatchObject({ status: 'ready', seed: 'done' });
      const concept = await fetch(`http://127.0.0.1:${port}/v1/concepts/containerd`);
      expect(concept.status).toBe(200);
      expect(output).toContain('seed: graph loaded');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('shutting down');
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });
});
