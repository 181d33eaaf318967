// Bounded load and fault scenarios against the real server process on 127.0.0.1, printed not asserted:
//   A. 128 connections of `retrieve hops=2` for 15 s (default budgets, then budgets off so load shedding acts):
//      /health/live latency meanwhile, and how fast excess requests are refused.
//   B. Neo4j cut (TCP proxy closed): time to readiness 503, data latency while down, recovery after its return.
//   C. Neo4j hung 10 s (proxy forwards nothing) at a steady 150 req/s: time to readiness 503, requests
//      outstanding, recovery.
// Uses NEO4J_URI when set (seeded only when empty), else a throw-away local Neo4j. Every request goes to
// 127.0.0.1 and every scenario stops after a fixed time.
// Run: npm run bench:load [-- --scenario A1,B] (default: all four); FLOOD_DUMP=FILE also writes the flood's samples
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { reserveProxy, type TcpProxy } from '../test/helpers/tcp-proxy.js';
import { freePort, startLocalNeo4j } from '../tools/neo4j-local/neo4j-local.js';
import { startServer, stopServer } from './api-process.js';

interface Sample {
  status: number;
  ms: number;
  code?: string;
  /** When the request was sent, in ms since the epoch (comparable across the flood and probe processes). */
  at?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function describe(samples: Sample[]): string {
  if (samples.length === 0) return 'none';
  const ms = samples.map((s) => s.ms);
  return `${samples.length} (p50 ${percentile(ms, 50).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms, max ${ms.reduce((a, b) => Math.max(a, b), 0).toFixed(1)} ms)`;
}

function byStatus(samples: Sample[]): string {
  const groups = new Map<string, Sample[]>();
  for (const sample of samples) {
    const key = sample.status === 0 ? `error ${sample.code}` : `${sample.status}${sample.code ? ` ${sample.code}` : ''}`;
    const group = groups.get(key);
    if (group) group.push(sample);
    else groups.set(key, [sample]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, group]) => `    ${key.padEnd(28)} ${describe(group)}`)
    .join('\n');
}

function request(agent: http.Agent, port: number, method: string, path: string, body?: string): Promise<Sample> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port, method, path, agent, headers: body ? { 'content-type': 'application/json' } : {} },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          let code: string | undefined;
          if ((response.statusCode ?? 0) >= 400) {
            try {
              code = (JSON.parse(Buffer.concat(chunks).toString()) as { code?: string }).code;
            } catch {
              code = 'not-json';
            }
          }
          resolve({ status: response.statusCode ?? 0, ms: performance.now() - started, code, at: performance.timeOrigin + started });
        });
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('client timeout')));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: 0, ms: performance.now() - started, code: error.code ?? error.message, at: performance.timeOrigin + started }),
    );
    req.end(body);
  });
}

async function waitReady(port: number, status: number, withinMs: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true });
  const started = performance.now();
  try {
    for (;;) {
      const sample = await request(agent, port, 'GET', '/health/ready');
      if (sample.status === status) return performance.now() - started;
      if (performance.now() - started > withinMs) return Number.NaN;
      await sleep(20);
    }
  } finally {
    agent.destroy();
  }
}

/** A: `connections` clients looping on retrieve with two hops, while one client checks liveness 10 times a second. */
async function retrieveFlood(port: number, connections: number, seconds: number): Promise<void> {
  // The flood and the liveness probe run in processes of their own: a probe sharing the flood's event loop
  // would time the client's own queue (thousands of replies a second), not the server. Both start together
  // once both have loaded, so neither's start-up (seconds of CPU compiling TypeScript) lands in the figures.
  const [flood, probe] = [startRole('flood', port, seconds, connections), startRole('probe', port, seconds, 1)];
  await Promise.all([flood.ready, probe.ready]);
  flood.go();
  probe.go();
  const [samples, live] = await Promise.all([flood.samples, probe.samples]);
  if (process.env.FLOOD_DUMP) writeFileSync(process.env.FLOOD_DUMP, JSON.stringify({ samples, live }));
  console.log(`  /health/live: ${describe(live)}`);
  console.log(`  /v1/retrieve hops=2: ${samples.length} requests in ${seconds} s (${(samples.length / seconds).toFixed(0)} req/s)`);
  console.log(byStatus(samples));
  // The first second (128 connections opening, the budget spent) apart from the rest.
  const start = Math.min(...[...samples.slice(0, 1000), ...live].map((sample) => sample.at ?? Number.POSITIVE_INFINITY));
  const firstSecond = (sample: Sample) => (sample.at ?? start) - start < 1000;
  console.log(`  first second: /health/live ${describe(live.filter(firstSecond))}`);
  console.log(byStatus(samples.filter(firstSecond)));
  console.log(`  after it: /health/live ${describe(live.filter((sample) => !firstSecond(sample)))}`);
  console.log(byStatus(samples.filter((sample) => !firstSecond(sample))));
}

function startRole(role: 'flood' | 'probe', port: number, seconds: number, connections: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/load.ts', `--role=${role}`, String(port), String(seconds), String(connections)],
    { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] },
  );
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return {
    ready: Promise.race([
      new Promise<void>((resolve) => child.once('message', () => resolve())),
      exited.then((code) => Promise.reject(new Error(`${role} exited ${code} before it was ready`))),
    ]),
    go: () => child.send('go'),
    samples: exited.then((code) => {
      if (code !== 0) throw new Error(`${role} exited ${code}`);
      return JSON.parse(out) as Sample[];
    }),
  };
}

/** The client side of scenario A, in its own process: says it is ready, waits for "go", prints its samples as JSON. */
async function role(name: string, port: number, seconds: number, connections: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  // One unrecorded request warms this process's HTTP client, so the first figure is the server's, not ours.
  await request(agent, port, 'GET', '/health/live');
  const parent = process.send?.bind(process);
  if (parent) {
    await new Promise<void>((resolve) => {
      process.once('message', () => resolve());
      parent('ready');
    });
    process.disconnect();
  }
  const deadline = performance.now() + seconds * 1000;
  const samples: Sample[] = [];
  if (name === 'probe') {
    while (performance.now() < deadline) {
      samples.push(await request(agent, port, 'GET', '/health/live'));
      await sleep(100);
    }
  } else {
    const questions = [
      'What does containerd implement, and who uses it?',
      'runc는 누가 관리하나요?',
      'How do namespaces relate to cgroups?',
    ];
    await Promise.all(
      Array.from({ length: connections }, async (_, i) => {
        while (performance.now() < deadline) {
          const body = JSON.stringify({ query: questions[i % questions.length], hops: 2 });
          samples.push(await request(agent, port, 'POST', '/v1/retrieve', body));
        }
      }),
    );
  }
  agent.destroy();
  process.stdout.write(JSON.stringify(samples));
}

/** B: the proxy closes; readiness, data latency while down, recovery. */
async function cut(port: number, proxy: TcpProxy): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  await proxy.close();
  const toDown = await waitReady(port, 503, 10_000);
  const down: Sample[] = [];
  for (let i = 0; i < 200; i++) down.push(await request(agent, port, 'GET', `/v1/concepts/containerd?n=${i}`));
  await proxy.open();
  const backAt = performance.now();
  // Requests keep coming during the return; after readiness says 200 none may fail.
  const during: Sample[] = [];
  let readyAfter = Number.NaN;
  while (performance.now() - backAt < 10_000) {
    const [ready, data] = await Promise.all([
      request(agent, port, 'GET', '/health/ready'),
      request(agent, port, 'GET', '/v1/concepts/containerd'),
    ]);
    if (ready.status === 200) {
      readyAfter = performance.now() - backAt;
      break;
    }
    during.push(data);
    await sleep(20);
  }
  const after: Sample[] = await Promise.all(
    Array.from({ length: 64 }, (_, i) => request(agent, port, 'GET', `/v1/concepts/containerd?m=${i}`)),
  );
  agent.destroy();
  console.log(`  readiness 503 after ${toDown.toFixed(0)} ms; data requests while down:`);
  console.log(byStatus(down));
  console.log(`  readiness 200 again ${readyAfter.toFixed(0)} ms after Neo4j returned; requests before that:`);
  console.log(byStatus(during));
  console.log('  64 concurrent requests right after readiness 200:');
  console.log(byStatus(after));
}

/** C: the proxy forwards nothing for `seconds`; a steady `rate` requests per second meanwhile. */
async function hang(port: number, proxy: TcpProxy, seconds: number, rate: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  proxy.pause();
  const pausedAt = performance.now();
  const readiness = waitReady(port, 503, seconds * 1000);
  let outstanding = 0;
  let peak = 0;
  const pending: Promise<Sample>[] = [];
  while (performance.now() - pausedAt < seconds * 1000) {
    outstanding++;
    peak = Math.max(peak, outstanding);
    pending.push(
      request(agent, port, 'GET', '/v1/concepts/containerd').finally(() => {
        outstanding--;
      }),
    );
    await sleep(1000 / rate);
  }
  const toDown = await readiness;
  proxy.resume();
  const resumedAt = performance.now();
  const samples = await Promise.all(pending);
  const toReady = await waitReady(port, 200, 10_000);
  agent.destroy();
  console.log(`  readiness 503 after ${toDown.toFixed(0)} ms of the hang; most requests outstanding at once (client side): ${peak}`);
  console.log(`  ${samples.length} requests during the hang:`);
  console.log(byStatus(samples));
  console.log(`  readiness 200 ${(performance.now() - resumedAt).toFixed(0)} ms after Neo4j continued (poll ${toReady.toFixed(0)} ms)`);
}

async function main(chosen: string[] | undefined): Promise<void> {
  const runs = (scenario: string) => !chosen || chosen.includes(scenario);
  const config = loadConfig();
  const local = config.neo4j.uri ? undefined : await startLocalNeo4j({ port: await freePort(), ephemeral: true });
  const target = new URL((local?.uri ?? config.neo4j.uri ?? '').replace(/^[a-z+]+:/, 'http:'));
  const proxy = await reserveProxy({ host: target.hostname, port: Number(target.port || 7687) });
  await proxy.open();
  const port = await freePort();
  const env = {
    NEO4J_URI: `bolt://127.0.0.1:${proxy.port}`,
    ...(local ? { NEO4J_PASSWORD: '' } : {}),
    HOST: '127.0.0.1',
    PORT: String(port),
    SEED_ON_START: 'if-empty',
    LOG_LEVEL: 'error',
  };
  console.log(`Node ${process.version}; Neo4j ${local ? `${local.uri} (throw-away local store)` : config.neo4j.uri} behind a TCP proxy`);
  try {
    if (runs('A1')) {
      const server = startServer(env);
      await waitReady(port, 200, 180_000);
      console.log('\nA1. 128 connections of retrieve hops=2 for 15 s, default budgets (120 per minute per client for heavy routes):');
      await retrieveFlood(port, 128, 15);
      await stopServer(server);
    }
    if (!runs('A2') && !runs('B') && !runs('C')) return;
    const server = startServer({ ...env, RATE_LIMIT_HEAVY_MAX: '0' });
    await waitReady(port, 200, 180_000);
    if (runs('A2')) {
      console.log('\nA2. The same with rate limits off, so the in-flight cap and lag shedding do the work:');
      await retrieveFlood(port, 128, 15);
    }
    if (runs('B')) {
      console.log('\nB. Neo4j cut, then back:');
      await cut(port, proxy);
    }
    if (runs('C')) {
      console.log('\nC. Neo4j hung for 10 s at 150 req/s:');
      await hang(port, proxy, 10, 150);
    }
    await stopServer(server);
  } finally {
    await proxy.close();
    await local?.stop();
  }
}

const { values: options, positionals } = parseArgs({
  options: { role: { type: 'string' }, scenario: { type: 'string' } },
  allowPositionals: true,
});
if (options.role) {
  const [port, seconds, connections] = positionals.map(Number);
  await role(options.role, port ?? 0, seconds ?? 0, connections ?? 1);
} else {
  await main(options.scenario?.split(','));
}
