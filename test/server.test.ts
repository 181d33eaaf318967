// The real entry point as a process: start-up seeding of an empty graph, readiness, graceful shutdown.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
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

/** Whether something accepts a TCP connection on 127.0.0.1:port (a fetch would fail on Bolt either way). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** `npm start`'s process (node + tsx + src/server.ts) with extra environment; output is collected. */
function startServer(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { output: () => output, stop: () => child.kill('SIGTERM'), exited };
}

afterAll(async () => {
  await db.driver.close();
});

describe('src/server.ts', () => {
  it('seeds an empty graph by itself, reports ready, and exits 0 on SIGTERM', async () => {
    await clearGraph(db);
    const { uri, username, password } = inject('neo4j');
    const port = await freePort();
    const server = startServer({
      ...process.env,
      NEO4J_URI: uri,
      NEO4J_USERNAME: username,
      NEO4J_PASSWORD: password,
      PORT: String(port),
      SEED_ON_START: 'if-empty',
      LOG_LEVEL: 'info',
    });
    try {
      const ready = await waitFor(`http://127.0.0.1:${port}/health/ready`, 200, 60_000);
      expect(await ready.json()).toMatchObject({ status: 'ready', seed: 'done' });
      const concept = await fetch(`http://127.0.0.1:${port}/v1/concepts/containerd`);
      expect(concept.status).toBe(200);
      expect(server.output()).toContain('seed: graph loaded');
    } finally {
      server.stop();
    }
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('shutting down');
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  });
});

describe('npm start without NEO4J_URI on a machine without Java', () => {
  it('says so in one line, names the two other ways, and exits non-zero', async () => {
    const emptyPath = await mkdtemp(path.join(tmpdir(), 'no-java-'));
    const { NEO4J_URI: _unset, JAVA_HOME: _noJava, ...env } = process.env;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...env, PATH: emptyPath, NEO4J_LOCAL_PORT: String(await freePort()), NEO4J_LOCAL_HOME: path.join(emptyPath, 'store') },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/java/i);
    expect(lines[0]).toContain('NEO4J_URI');
    expect(lines[0]).toContain('docker compose up');
  });
});

describe('npm start without NEO4J_URI', () => {
  it('starts a local Neo4j, seeds it, serves, and stops Neo4j when the API stops', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'local-store-'));
    const [apiPort, boltPort] = [await freePort(), await freePort()];
    const { NEO4J_URI: _unset, ...env } = process.env;
    const server = startServer({
      ...env,
      PORT: String(apiPort),
      NEO4J_LOCAL_PORT: String(boltPort),
      NEO4J_LOCAL_HOME: home,
      LOG_LEVEL: 'warn',
    });
    try {
      await waitFor(`http://127.0.0.1:${apiPort}/health/ready`, 200, 120_000);
      expect(server.output()).toContain(`starting a local Neo4j at bolt://127.0.0.1:${boltPort}`);
      const search = await fetch(`http://127.0.0.1:${apiPort}/v1/search?q=${encodeURIComponent('도커 데몬')}&limit=1`);
      expect(((await search.json()) as { items: { concept: { id: string } }[] }).items[0]!.concept.id).toBe('docker-daemon');
    } finally {
      server.stop();
    }
    expect(await server.exited, server.output()).toBe(0);
    // The JVM is gone with the API: nothing accepts connections on its Bolt port any more.
    expect(await accepts(boltPort)).toBe(false);
  }, 180_000);
});
