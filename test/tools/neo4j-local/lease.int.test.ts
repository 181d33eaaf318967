// The local Neo4j that `npm start` leaves running between starts: the next start reuses it, and it stops
// itself once nobody has renewed its lease for the idle time (or at once with `npm run neo4j:stop`).
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leaseFiles, stopLeftRunning } from '../../../tools/neo4j-local/lease.js';
import { freePort } from '../../../tools/neo4j-local/neo4j-local.js';
import { accepts } from '../../helpers/system-programs.js';

async function until(what: string, check: () => Promise<boolean>, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The dev launcher running the server, as `npm start` runs it; output is collected. */
function startApi(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tools/neo4j-local/run.ts', 'src/server.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { output: () => output, stop: () => child.kill('SIGTERM'), exited };
}

async function ready(apiPort: number): Promise<boolean> {
  return (await fetch(`http://127.0.0.1:${apiPort}/health/ready`).catch(() => undefined))?.status === 200;
}

describe('a local Neo4j left running between starts', () => {
  it('is reused by the next start, and stops itself once unused for the idle time', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'stay-up-'));
    const [apiPort, boltPort] = [await freePort(), await freePort()];
    const { NEO4J_URI: _unset, ...inherited } = process.env;
    // 0.1 min: the lease is renewed every 2 s while an API runs, and lapses 6 s after the last one stops.
    const env = {
      ...inherited,
      PORT: String(apiPort),
      NEO4J_LOCAL_PORT: String(boltPort),
      NEO4J_LOCAL_HOME: home,
      NEO4J_LOCAL_IDLE_MINUTES: '0.1',
      WARM_UP_ON_START: 'false',
      LOG_LEVEL: 'warn',
    };

    const first = startApi(env);
    await until('the first start is ready', () => ready(apiPort), 240_000);
    expect(first.output()).toContain(`starting a local Neo4j at bolt://127.0.0.1:${boltPort}`);
    first.stop();
    expect(await first.exited, first.output()).toBe(0);
    expect(first.output()).toContain(`left running at bolt://127.0.0.1:${boltPort}`);
    expect(await accepts(boltPort)).toBe(true);

    // Held by a running API, the lease outlives the idle time many times over.
    const second = startApi(env);
    await until('the second start is ready', () => ready(apiPort), 120_000);
    expect(second.output()).toContain(`using the local Neo4j already listening at bolt://127.0.0.1:${boltPort}`);
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    expect(await accepts(boltPort)).toBe(true);
    expect((await fetch(`http://127.0.0.1:${apiPort}/v1/concepts/containerd`)).status).toBe(200);
    second.stop();
    expect(await second.exited, second.output()).toBe(0);

    await until('the idle Neo4j stops', async () => !(await accepts(boltPort)), 60_000);
  }, 480_000);

  it('is stopped by `npm run neo4j:stop` only when the pid file names the launcher holding this lease', async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'stay-up-stop-'));
    const files = leaseFiles(home);
    const sleeper = (args: string[]) => {
      const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '--', ...args], { stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      return { pid: child.pid ?? 0, exited, kill: () => child.kill('SIGKILL') };
    };
    // A process that took over the pid is left alone.
    const stranger = sleeper(['--port', '7687']);
    await writeFile(files.pid, `${stranger.pid}\n`);
    expect(await stopLeftRunning(files)).toBe('not-running');
    expect(await stopLeftRunning(files)).toBe('not-running');
    const launcher = sleeper(['--idle-lease', files.lease, '--idle-exit', '60']);
    await writeFile(files.pid, `${launcher.pid}\n`);
    expect(await stopLeftRunning(files)).toBe('stopped');
    await launcher.exited;
    // The stranger is still there to be killed.
    expect(process.kill(stranger.pid, 0)).toBe(true);
    stranger.kill();
  });
});
