// Side by side on the same Neo4j: the API (reply cache off) against the raw-driver server running the same
// statements, and the API's 304 for a matching If-None-Match against a constant Fastify route. Runs alternate
// A, B, A, B… at 32 connections so that drift on a shared machine hits both alike; medians are reported.
// Run alone: NEO4J_URI=bolt://127.0.0.1:PORT npx tsx bench/ratio.ts [--quick]   (a seeded graph)
import { pathToFileURL } from 'node:url';
import { type BenchServer, startBenchServer } from './bench-server.js';
import { type LoadRequest, load, median } from './http-load.js';

export const ratioTuning = {
  connections: 32,
  rounds: 5,
  secondsPerRun: 3,
  /** Requests on each server before the first measured run (plans, JIT, connection pools). */
  warmUpRequests: 200,
  quick: { rounds: 3, secondsPerRun: 1 },
};

/** The routes compared with the raw server: one name, one path served alike by both. */
export const ratioRoutes: [name: string, path: string][] = [
  ['concept', '/v1/concepts/containerd'],
  ['relations', '/v1/relations?subject=containerd'],
  ['search', `/v1/search?q=${encodeURIComponent('도커 데몬')}`],
];

export interface Ratio {
  name: string;
  /** Median requests per second of A (the API) and B (its baseline). */
  a: number;
  b: number;
  ratio: number;
  /** Median CPU milliseconds per request of each server process. */
  cpuA: number;
  cpuB: number;
  /** Requests that failed in the measured runs (not counted in req/s). */
  failed: number;
}

type Side = { server: BenchServer; request: Omit<LoadRequest, 'port'> };

/** Alternates `a` and `b` for `rounds` runs each; medians of requests per second and of server CPU per request. */
async function alternate(name: string, a: Side, b: Side, rounds: number, seconds: number): Promise<Ratio> {
  const options = { connections: ratioTuning.connections };
  const sides = { a, b };
  const runs = { a: [] as number[], b: [] as number[] };
  const cpu = { a: [] as number[], b: [] as number[] };
  let failed = 0;
  const request = (side: Side) => ({ port: side.server.port, ...side.request });
  await load(request(a), { ...options, requests: ratioTuning.warmUpRequests });
  await load(request(b), { ...options, requests: ratioTuning.warmUpRequests });
  for (let round = 0; round < rounds; round++) {
    // Who goes first swaps every round, so neither always runs on a machine the other has just warmed.
    for (const which of round % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const)) {
      const side = sides[which];
      const before = await side.server.cpuMs();
      const result = await load(request(side), { ...options, seconds });
      cpu[which].push(((await side.server.cpuMs()) - before) / result.requests);
      runs[which].push(result.perSecond);
      failed += result.failed;
    }
  }
  const [rateA, rateB] = [median(runs.a), median(runs.b)];
  return { name, a: rateA, b: rateB, ratio: rateA / rateB, cpuA: median(cpu.a), cpuB: median(cpu.b), failed };
}

export async function measureRatios(neo4jUri: string, quick = false): Promise<Ratio[]> {
  const { rounds, secondsPerRun } = quick ? ratioTuning.quick : ratioTuning;
  const servers: BenchServer[] = [];
  try {
    const [api, raw, constant] = await Promise.all(
      (['api', 'raw', 'constant'] as const).map(async (kind) => {
        const server = await startBenchServer(kind, neo4jUri);
        servers.push(server);
        return server;
      }),
    );
    if (!api || !raw || !constant) throw new Error('a bench server did not start');
    const ratios: Ratio[] = [];
    for (const [name, path] of ratioRoutes) {
      ratios.push(await alternate(name, { server: api, request: { path } }, { server: raw, request: { path } }, rounds, secondsPerRun));
    }
    const [, conceptPath = ''] = ratioRoutes[0] ?? [];
    const first = await fetch(`http://127.0.0.1:${api.port}${conceptPath}`);
    await first.arrayBuffer();
    const etag = first.headers.get('etag');
    if (!etag) throw new Error(`${conceptPath} sent no ETag`);
    ratios.push(
      await alternate(
        '304 vs constant Fastify',
        { server: api, request: { path: conceptPath, headers: { 'if-none-match': etag } } },
        { server: constant, request: { path: '/constant' } },
        rounds,
        secondsPerRun,
      ),
    );
    return ratios;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

export function formatRatios(ratios: Ratio[], quick = false): string {
  const { rounds, secondsPerRun } = quick ? ratioTuning.quick : ratioTuning;
  const lines = [
    `API / baseline at ${ratioTuning.connections} connections: req/s (median of ${rounds} alternating runs of ${secondsPerRun} s) and server CPU ms per request`,
    `  ${'route'.padEnd(24)} ${'API'.padStart(7)} ${'baseline'.padStart(9)}   ratio  target        CPU API  baseline`,
  ];
  for (const { name, a, b, ratio, cpuA, cpuB, failed } of ratios) {
    const target = name.startsWith('304') ? 0.5 : 0.9;
    lines.push(
      `  ${name.padEnd(24)} ${a.toFixed(0).padStart(7)} ${b.toFixed(0).padStart(9)}  ${ratio.toFixed(2).padStart(5)}×  ≥ ${target}× ${(ratio >= target ? 'met' : 'MISSED').padEnd(6)} ${cpuA.toFixed(2).padStart(7)} ${cpuB.toFixed(2).padStart(9)}${failed ? `  (${failed} failed requests)` : ''}`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const uri = process.env.NEO4J_URI;
  if (!uri) throw new Error('Set NEO4J_URI to a seeded graph');
  const quick = process.argv.includes('--quick');
  console.log(formatRatios(await measureRatios(uri, quick), quick));
}
