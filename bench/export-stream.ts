// The export at scale: loads a generated graph (default 10k concepts / 100k relations) into a throw-away local
// Neo4j (or NEO4J_URI, whose graph is replaced), starts the API as its own process, downloads every export
// format over loopback, and prints bytes, time and the API process's resident-memory growth while it streams
// (sampled from /proc). The last run reads slowly, so the socket's backpressure must pace the reads from Neo4j.
// Printed, never asserted.
// Run: npm run bench:export [concepts] [relations]
import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { loadConfig } from '../src/config.js';
import { GraphDatabase } from '../src/graph/database.js';
import { createDriver } from '../src/graph/driver.js';
import { applySeed } from '../src/seed/apply.js';
import { loadSeed } from '../src/seed/load.js';
import { freePort, startLocalNeo4j } from '../tools/neo4j-local/neo4j-local.js';
import { startServer, stopServer } from './api-process.js';
import { clearGraph } from './clear-graph.js';
import { generateGraph } from './generate-graph.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kib ?? Number.NaN) * 1024;
}

async function waitReady(port: number, withinMs: number): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error('the API did not become ready');
}

/** Downloads `path`, counting bytes without keeping them; `pauseMs` after each chunk makes a slow reader. */
function download(port: number, path: string, pauseMs: number): Promise<{ bytes: number; ms: number; status: number; lastLine: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (response) => {
        let bytes = 0;
        let tail = '';
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.byteLength;
          tail = (tail + chunk.toString('utf8')).slice(-200);
          if (pauseMs > 0) {
            response.pause();
            setTimeout(() => response.resume(), pauseMs);
          }
        });
        response.on('end', () =>
          resolve({
            bytes,
            ms: performance.now() - started,
            status: response.statusCode ?? 0,
            lastLine: tail.trimEnd().split('\n').at(-1) ?? '',
          }),
        );
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

async function measure(server: ChildProcess, port: number, path: string, pauseMs = 0): Promise<string> {
  const pid = server.pid ?? 0;
  const before = await rssBytes(pid);
  let peak = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rssBytes(pid));
      await sleep(25);
    }
  })();
  const result = await download(port, path, pauseMs);
  sampling = false;
  await sampler;
  const mib = (n: number) => (n / 1024 / 1024).toFixed(1);
  return `${path.padEnd(20)} ${pauseMs > 0 ? `slow reader (${pauseMs} ms per chunk)` : 'full speed'.padEnd(30)} ${String(result.status)}  ${mib(result.bytes).padStart(7)} MiB in ${(result.ms / 1000).toFixed(1).padStart(5)} s   API RSS ${mib(before)} MiB -> peak ${mib(peak)} MiB (growth ${mib(peak - before)} MiB)${path.endsWith('.ndjson') || result.status !== 200 ? `   last line ${result.lastLine.slice(0, 120)}` : ''}`;
}

async function main(): Promise<void> {
  const [conceptCount = 10_000, relationCount = 100_000] = process.argv.slice(2).map(Number);
  const config = loadConfig();
  const local = config.neo4j.uri ? undefined : await startLocalNeo4j({ port: await freePort(), ephemeral: true });
  const neo4jConfig = { ...config.neo4j, uri: local?.uri ?? config.neo4j.uri, ...(local ? { password: '' } : {}) };
  const db = new GraphDatabase(createDriver(neo4jConfig), neo4jConfig.database, neo4jConfig.queryTimeoutMs);
  let server: ChildProcess | undefined;
  try {
    const dir = await generateGraph(conceptCount, relationCount);
    await clearGraph(db);
    const data = await loadSeed(dir);
    const seeded = await applySeed(db, data);
    console.log(
      `Node ${process.version}; ${data.concepts.length} concepts, ${data.relations.length} relations loaded in ${(seeded.durationMs / 1000).toFixed(1)} s`,
    );
    const port = await freePort();
    server = startServer({
      NEO4J_URI: neo4jConfig.uri,
      ...(local ? { NEO4J_PASSWORD: '' } : {}),
      HOST: '127.0.0.1',
      PORT: String(port),
      SEED_ON_START: 'never',
      RATE_LIMIT_HEAVY_MAX: '0',
      LOG_LEVEL: 'error',
    });
    await waitReady(port, 120_000);
    await download(port, '/v1/graph.ndjson', 0); // warm-up: JIT, Neo4j page cache
    for (const path of ['/v1/graph', '/v1/graph.cyjs', '/v1/graph.graphml', '/v1/graph.ndjson']) {
      console.log(await measure(server, port, path));
    }
    console.log(await measure(server, port, '/v1/graph.ndjson', 10));
  } finally {
    if (server) await stopServer(server);
    await db.driver.close();
    await local?.stop();
  }
}

await main();
