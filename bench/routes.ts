// Per-route latency over real HTTP on loopback against whatever graph NEO4J_URI holds (load the 10k graph
// with `npm run seed -- --dir $(npx tsx bench/generate-graph.ts)` first): p50/p99 at 4 connections with the
// reply cache off (every request reaches Neo4j), with it on (repeats are hits), and 304 revalidations,
// plus the API's CPU time per request. Printed, never asserted.
// Run: NEO4J_URI=bolt://127.0.0.1:PORT npx tsx bench/routes.ts
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';

const routes = [
  '/v1/concepts/containerd',
  '/v1/concepts/containerd/relations?limit=20',
  '/v1/concepts?limit=20',
  '/v1/relations?subject=containerd',
  '/v1/relations?type=IMPLEMENTS',
  `/v1/search?q=${encodeURIComponent('도커 데몬')}`,
  '/v1/search?q=kubernets',
  '/v1/paths?from=runc&to=kubernetes',
  '/v1/concepts/containerd/neighborhood?depth=2',
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function run(base: string, path: string, count: number, connections: number, headers: Record<string, string> = {}) {
  const durations: number[] = [];
  let next = 0;
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next++ < count) {
        const started = performance.now();
        const response = await fetch(base + path, { headers });
        const body = await response.text();
        if (response.status !== 200 && response.status !== 304) throw new Error(`${path}: ${response.status} ${body}`);
        durations.push(performance.now() - started);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  durations.sort((a, b) => a - b);
  return { p50: percentile(durations, 50), p99: percentile(durations, 99), cpuMs: (used.user + used.system) / 1000 / count };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp({ ...config, logLevel: 'silent' }, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const count = Number(process.env.BENCH_REQUESTS ?? 200);
  const f = (x: number) => x.toFixed(1).padStart(7);
  try {
    // The API answers 503 until its health probe has seen Neo4j.
    for (let tries = 0; tries < 120 && (await fetch(`${base}/health/ready`)).status !== 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    console.log(`route${' '.repeat(46)} uncached p50/p99 ms   cached p50/p99 ms   304 p50 ms   CPU ms/req (uncached, client included)`);
    for (const path of routes) {
      await run(base, path, 10, 1); // warm plans
      app.replyCache.resize(0);
      const uncached = await run(base, path, count, 4);
      app.replyCache.resize(32 * 1024 * 1024);
      const first = await fetch(base + path);
      await first.arrayBuffer();
      const cached = await run(base, path, count, 4);
      const revalidated = await run(base, path, count, 4, { 'if-none-match': first.headers.get('etag') ?? '' });
      console.log(
        `${path.padEnd(50)} ${f(uncached.p50)} ${f(uncached.p99)}     ${f(cached.p50)} ${f(cached.p99)}   ${f(revalidated.p50)}   ${f(uncached.cpuMs)}`,
      );
    }
    console.log('reply cache:', app.replyCache.stats());
  } finally {
    await app.close();
  }
}

await main();
