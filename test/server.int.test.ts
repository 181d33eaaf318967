// The real entry point as a process: start-up seeding of an empty graph, readiness, graceful shutdown.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../tools/neo4j-local/neo4j-local.js';
import { clearGraph, openTestDb } from './helpers/app.js';
import { accepts } from './helpers/system-programs.js';

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

/** `npm start`'s process (node + tsx + src/server.ts) with extra environment; output is collected. */
function startServer(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { output: () => output, stop: () => child.kill('SIGTERM'), exited };
}

/** `npm start` itself, as a supervisor runs it; the pid is npm's. */
function startNpm(env: NodeJS.ProcessEnv) {
  const child = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { pid: child.pid ?? 0, output: () => output, signal: (name: NodeJS.Signals) => child.kill(name), exited };
}

/** Pids of the direct children of a process (empty once it has none or is gone). */
function childrenOf(pid: number): number[] {
  const listed = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return listed.stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((child) => child > 0);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

type Outcome = { status: number; problem: boolean; retryAfter: boolean } | { error: string };

/** One GET on a keep-alive agent: the status (with whether a 503 is a proper problem), or the socket error's code. */
function get(agent: http.Agent, port: number, path: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path, agent }, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          problem: String(response.headers['content-type']).startsWith('application/problem+json'),
          retryAfter: response.headers['retry-after'] !== undefined,
        }),
      );
      response.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
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
  }, 90_000);
});

describe('SIGTERM to `npm start` under load', () => {
  it('drains: readiness 503 first, accepted requests all answered, npm exits 0 and leaves no process behind', async () => {
    const { uri, username, password } = inject('neo4j');
    const port = await freePort();
    const server = startNpm({
      ...process.env,
      NEO4J_URI: uri,
      NEO4J_USERNAME: username,
      NEO4J_PASSWORD: password,
      PORT: String(port),
      SEED_ON_START: 'never',
      LOG_LEVEL: 'warn',
      // The load comes from one address; this test is about draining, not budgets or lag shedding.
      RATE_LIMIT_LOOKUP_MAX: '0',
      HTTP_MAX_EVENT_LOOP_DELAY_MS: '0',
    });
    let apiPid = 0;
    try {
      await waitFor(`http://127.0.0.1:${port}/health/ready`, 200, 60_000);
      [apiPid = 0] = childrenOf(server.pid);
      expect(apiPid, 'npm start runs node as its direct child (no shell in between)').toBeGreaterThan(0);

      const outcomes: Outcome[] = [];
      let stopped = false;
      const workers = Array.from({ length: 6 }, async (_, worker) => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        try {
          while (!stopped) {
            const outcome = await get(agent, port, worker === 0 ? '/health/ready' : '/v1/concepts?limit=5');
            outcomes.push(outcome);
            // Refused: the listening socket is closed, the drain is under way or done.
            if ('error' in outcome && outcome.error === 'ECONNREFUSED') break;
          }
        } finally {
          agent.destroy();
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const answeredBefore = outcomes.length;
      server.signal('SIGTERM');
      const code = await server.exited;
      stopped = true;
      await Promise.all(workers);

      expect(code, server.output()).toBe(0);
      expect(answeredBefore).toBeGreaterThan(10);
      const errors = outcomes.flatMap((outcome) => ('error' in outcome ? [outcome.error] : []));
      // Only refusals once the socket closed; no reset or hang-up of a request the server had accepted.
      expect(errors.filter((error) => error !== 'ECONNREFUSED')).toEqual([]);
      for (const outcome of outcomes) {
        if ('status' in outcome && outcome.status !== 200) {
          expect(outcome).toEqual({ status: 503, problem: true, retryAfter: true });
        }
      }
    } finally {
      if (alive(server.pid)) server.signal('SIGKILL');
    }
    // Nothing left: neither npm nor the API it started.
    expect(alive(apiPid)).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/health/live`)).rejects.toThrow();
  }, 90_000);
});

describe('the server entry point run directly without NEO4J_URI', () => {
  it('says in one line how to get a Neo4j, and exits non-zero without starting one', () => {
    const { NEO4J_URI: _unset, ...env } = process.env;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('NEO4J_URI is unset');
    expect(lines[0]).toContain('npm start');
  });
});

describe('npm start without NEO4J_URI on a machine without Java', () => {
  it('says so in one line, names the two other ways, and exits non-zero', async () => {
    const emptyPath = await mkdtemp(path.join(tmpdir(), 'no-java-'));
    const { NEO4J_URI: _unset, JAVA_HOME: _noJava, ...env } = process.env;
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'tools/neo4j-local/run.ts', 'src/server.ts'], {
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
  it('starts a local Neo4j, seeds it, serves, restarts it after kill -9, and stops it when npm gets SIGTERM (no orphan)', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'local-store-'));
    const [apiPort, boltPort] = [await freePort(), await freePort()];
    const { NEO4J_URI: _unset, ...env } = process.env;
    const server = startNpm({
      ...env,
      PORT: String(apiPort),
      NEO4J_LOCAL_PORT: String(boltPort),
      NEO4J_LOCAL_HOME: home,
      NEO4J_LOCAL_IDLE_MINUTES: '0',
      LOG_LEVEL: 'warn',
    });
    try {
      // A cold JVM on a busy 2-core machine can take minutes.
      await waitFor(`http://127.0.0.1:${apiPort}/health/ready`, 200, 240_000);
      expect(server.output()).toContain(`starting a local Neo4j at bolt://127.0.0.1:${boltPort}`);
      const search = await fetch(`http://127.0.0.1:${apiPort}/v1/search?q=${encodeURIComponent('도커 데몬')}&limit=1`);
      expect(((await search.json()) as { items: { concept: { id: string } }[] }).items[0]!.concept.id).toBe('docker-daemon');

      // The JVM dies without warning: readiness says why while it is restarted, then the graph is back.
      const jvm = spawnSync('pgrep', ['-f', '--', `--port ${boltPort} `], { encoding: 'utf8' })
        .stdout.trim()
        .split('\n')
        .map(Number);
      expect(jvm.filter((pid) => pid > 0)).toHaveLength(1);
      process.kill(jvm[0] as number, 'SIGKILL');
      const unready = await waitFor(`http://127.0.0.1:${apiPort}/health/ready`, 503, 30_000);
      expect(await unready.json()).toMatchObject({
        code: 'NEO4J_UNAVAILABLE',
        detail: expect.stringMatching(/killed by SIGKILL; restarting/),
      });
      await waitFor(`http://127.0.0.1:${apiPort}/health/ready`, 200, 180_000);
      expect((await fetch(`http://127.0.0.1:${apiPort}/v1/concepts/containerd`)).status).toBe(200);
      expect(server.output()).toMatch(/neo4j-local: restarted \(attempt 1\)/);
    } finally {
      server.signal('SIGTERM');
    }
    expect(await server.exited, server.output()).toBe(0);
    // The JVM is gone with the API: nothing accepts connections on its Bolt port any more.
    expect(await accepts(boltPort)).toBe(false);
    expect(childrenOf(server.pid)).toEqual([]);
  }, 480_000);
});
