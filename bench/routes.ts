// Per-route latency and CPU over real HTTP on loopback against whatever graph NEO4J_URI holds: p50/p99 at
// 4 connections with the reply cache off (every request reaches Neo4j), and the API process's own CPU time
// per request (the server runs in a child process, so the load client's CPU is not counted). Printed, never
// asserted. `npm run bench` runs it on the seeded graph and on the generated 10k one.
// Run alone: NEO4J_URI=bolt://127.0.0.1:PORT npx tsx bench/routes.ts [--quick] [--route NAME ...] (names containing NAME)
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { type BenchServer, startBenchServer } from './bench-server.js';
import { type LoadRequest, load, warmUp } from './http-load.js';

export const routeTuning = { connections: 4, requests: 400, quickRequests: 60, warmUpRequests: 40 };

const post = (body: unknown): Omit<LoadRequest, 'port' | 'path'> => ({ method: 'POST', body: JSON.stringify(body) });

/** The routes measured: a name for the table, the path, and for POST the body. */
export const benchRoutes: [name: string, path: string, init?: Omit<LoadRequest, 'port' | 'path'>][] = [
  ['concept', '/v1/concepts/containerd'],
  ['concept relations', '/v1/concepts/containerd/relations?limit=20'],
  ['relations subject', '/v1/relations?subject=containerd'],
  ['relations type', '/v1/relations?type=IMPLEMENTS'],
  ['concepts list', '/v1/concepts?limit=20'],
  ['search 도커 데몬', `/v1/search?q=${encodeURIComponent('도커 데몬')}`],
  ['search kubernets (typo)', '/v1/search?q=kubernets'],
  ['paths', '/v1/paths?from=runc&to=kubernetes'],
  ['neighbourhood depth 2', '/v1/concepts/containerd/neighborhood?depth=2'],
  ['learning path', '/v1/learning-path?target=runc'],
  ['quiz', '/v1/quiz?concept=containerd&count=10&seed=bench'],
  ['retrieve', '/v1/retrieve', post({ query: 'containerd는 어떤 인터페이스를 구현하나요?' })],
  ['retrieve hops=2', '/v1/retrieve', post({ query: 'How does the docker client talk to the daemon?', hops: 2 })],
];

export interface RouteFigures {
  name: string;
  p50: number;
  p99: number;
  perSecond: number;
  /** CPU milliseconds the API process spent per request. */
  cpuMs: number;
  bytes: number;
  error?: string;
}

export async function measureRoutes(api: BenchServer, quick = false, only: string[] = []): Promise<RouteFigures[]> {
  const requests = quick ? routeTuning.quickRequests : routeTuning.requests;
  const figures: RouteFigures[] = [];
  for (const [name, path, init] of benchRoutes) {
    if (only.length > 0 && !only.some((part) => name.includes(part))) continue;
    const request = { port: api.port, path, ...init };
    try {
      await warmUp(request, routeTuning.warmUpRequests); // plans, JIT, the retrieval index
      const cpuBefore = await api.cpuMs();
      const result = await load(request, { connections: routeTuning.connections, requests });
      const cpuMs = ((await api.cpuMs()) - cpuBefore) / result.requests;
      const error = result.failed > 0 ? `${result.failed} failed, e.g. ${result.lastError}` : undefined;
      figures.push({
        name,
        p50: result.p50,
        p99: result.p99,
        perSecond: result.perSecond,
        cpuMs,
        bytes: result.bytes,
        ...(error ? { error } : {}),
      });
    } catch (error) {
      // One failing route (say, a timeout on a loaded machine) must not lose the other figures.
      figures.push({
        name,
        p50: Number.NaN,
        p99: Number.NaN,
        perSecond: 0,
        cpuMs: Number.NaN,
        bytes: 0,
        error: String(error).slice(0, 160),
      });
    }
  }
  return figures;
}

export function formatRoutes(figures: RouteFigures[]): string {
  const f = (x: number) => x.toFixed(1).padStart(7);
  return [
    `  ${'route'.padEnd(26)}     p50     p99 ms   req/s  CPU ms/req   reply`,
    ...figures.map(
      (r) =>
        `  ${r.name.padEnd(26)} ${f(r.p50)} ${f(r.p99)}  ${r.perSecond.toFixed(0).padStart(6)}  ${f(r.cpuMs)}     ${(r.bytes / 1024).toFixed(1).padStart(5)} KiB${r.error ? `  failed: ${r.error}` : ''}`,
    ),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const uri = process.env.NEO4J_URI;
  if (!uri) throw new Error('Set NEO4J_URI to a seeded graph');
  const api = await startBenchServer('api', uri);
  try {
    console.log(`reply cache off, ${routeTuning.connections} connections`);
    const { values } = parseArgs({ options: { quick: { type: 'boolean' }, route: { type: 'string', multiple: true } } });
    console.log(formatRoutes(await measureRoutes(api, values.quick ?? false, values.route)));
  } finally {
    await api.stop();
  }
}
