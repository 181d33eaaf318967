// Benchmarks, printed not asserted, in one run: seed load time, search ranks, db hits per route (PROFILE),
// the API against a raw-driver server running the same statements and its 304 against a constant Fastify
// route (alternating runs, medians), and per-route p50/p99 and CPU per request; db hits, latency and CPU
// on the seeded graph and again on a generated one of 10k concepts / 100k relations. Uses NEO4J_URI when
// set (the graph there is REPLACED), else a throw-away local Neo4j.
// Run: npm run bench [-- --quick] [-- --concepts 10000 --relations 100000]   (--concepts 0 skips the large graph)
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { createDriver } from '../src/graph/driver.js';
import { applySeed } from '../src/seed/apply.js';
import { loadSeed } from '../src/seed/load.js';
import { freePort, startLocalNeo4j } from '../tools/neo4j-local/neo4j-local.js';
import { type BenchServer, startBenchServer } from './bench-server.js';
import { clearGraph } from './clear-graph.js';
import { measureDbHits, singleConceptRoutes } from './db-hits.js';
import { generateGraph } from './generate-graph.js';
import { ProfilingDatabase } from './profiling-database.js';
import { formatRatios, measureRatios } from './ratio.js';
import { formatRoutes, measureRoutes, type RouteFigures } from './routes.js';

const searchCases: [string, string][] = [
  ['도커 데몬', 'docker-daemon'],
  ['저수준 런타임', 'low-level-container-runtime'],
  ['고수준 컨테이너 런타임', 'high-level-container-runtime'],
  ['컨테이너', 'container'],
  ['가상화', 'virtualization'],
  ['이미지', 'docker-image'],
  ['레이어', 'image-layer'],
  ['유니온 파일 시스템', 'union-file-system'],
  ['컨트롤 그룹', 'cgroups'],
  ['네임스페이스', 'linux-namespaces'],
  ['하이퍼바이저', 'hypervisor'],
  ['게스트 OS', 'guest-os'],
  ['도커 소켓', 'docker-socket'],
  ['쿠버네티스', 'kubernetes'],
  ['컨테이너 런타임 인터페이스', 'cri'],
  ['도커 대몬', 'docker-daemon'],
  ['containerd', 'containerd'],
  ['contai', 'container'],
  ['union fs', 'union-file-system'],
  ['k8s', 'kubernetes'],
  ['kubernets', 'kubernetes'],
  ['contaienr', 'container'],
  ['low level runtime', 'low-level-container-runtime'],
  ['docker.sock', 'docker-socket'],
  ['hypervisor', 'hypervisor'],
];

async function searchRanks(api: BenchServer): Promise<void> {
  console.log('\nsearch: rank of the expected concept (1 = first)');
  let top1 = 0;
  let top3 = 0;
  for (const [q, id] of searchCases) {
    const reply = (await (await fetch(`http://127.0.0.1:${api.port}/v1/search?q=${encodeURIComponent(q)}&limit=10`)).json()) as {
      items: { concept: { id: string } }[];
    };
    const rank = reply.items.findIndex((item) => item.concept.id === id) + 1;
    if (rank === 1) top1++;
    if (rank >= 1 && rank <= 3) top3++;
    console.log(`  ${q.padEnd(24)} -> ${id.padEnd(30)} rank ${rank === 0 ? 'missing' : rank}`);
  }
  console.log(`  hit@1 ${top1}/${searchCases.length}, hit@3 ${top3}/${searchCases.length}`);
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

interface SizeFigures {
  label: string;
  dbHits: Map<string, { dbHits: number; statements: string }>;
  routes: RouteFigures[];
}

/** db hits, latency and CPU of the graph now in Neo4j; `api` is started for it and stopped after. */
async function measureSize(
  label: string,
  uri: string,
  db: ProfilingDatabase,
  quick: boolean,
  before?: (api: BenchServer) => Promise<void>,
) {
  const dbHits = await measureDbHits(db);
  const api = await startBenchServer('api', uri);
  try {
    await before?.(api);
    console.log(`\n${label}: latency at 4 connections, reply cache off; CPU of the API process per request`);
    const routes = await measureRoutes(api, quick);
    console.log(formatRoutes(routes));
    return { label, dbHits, routes };
  } finally {
    await api.stop();
  }
}

function formatSideBySide(sizes: SizeFigures[]): string {
  const [small, large] = sizes;
  if (!small) return '';
  const labels = sizes.map((size) => size.label);
  const lines = [`\ndb hits per route (PROFILE of the statements each route issues), ${labels.join(' vs ')}`];
  for (const [route, { dbHits }] of small.dbHits) {
    const other = large?.dbHits.get(route)?.dbHits;
    const verdict =
      other === undefined
        ? ''
        : other === dbHits
          ? 'same'
          : other < dbHits
            ? 'fewer'
            : singleConceptRoutes.has(route)
              ? 'GROWS (single-concept route)'
              : 'grows';
    lines.push(`  ${route.padEnd(52)} ${String(dbHits).padStart(8)} ${other === undefined ? '' : String(other).padStart(8)}  ${verdict}`);
  }
  lines.push(`\nlatency (ms, 4 connections, cache off) and API CPU per request, ${labels.join(' vs ')}`);
  lines.push(
    `  ${'route'.padEnd(26)} ${labels.map((l) => `${l} p50/p99`.padStart(18)).join(' ')} ${labels.map((l) => `${l} CPU`.padStart(12)).join(' ')}`,
  );
  for (const [i, route] of small.routes.entries()) {
    const per = sizes.map((size) => size.routes[i]);
    const latency = per.map((r) => (r ? `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)}` : '').padStart(18)).join(' ');
    const cpu = per.map((r) => (r ? r.cpuMs.toFixed(2) : '').padStart(12)).join(' ');
    const worst = large?.routes[i]?.p99 ?? route.p99;
    lines.push(`  ${route.name.padEnd(26)} ${latency} ${cpu}${worst >= 50 ? '  p99 ≥ 50 ms' : ''}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      concepts: { type: 'string', default: '10000' },
      relations: { type: 'string', default: '100000' },
    },
  });
  const quick = values.quick;
  const [conceptCount, relationCount] = [Number(values.concepts), Number(values.relations)];
  const config = loadConfig();
  const local = config.neo4j.uri ? undefined : await startLocalNeo4j({ port: await freePort(), ephemeral: true });
  const neo4jConfig = { ...config.neo4j, uri: local?.uri ?? config.neo4j.uri, ...(local ? { password: '' } : {}) };
  const uri = neo4jConfig.uri ?? '';
  const db = new ProfilingDatabase(createDriver(neo4jConfig), neo4jConfig.database);
  try {
    console.log(
      `machine: ${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), Node ${process.version}; load average ${load()}`,
    );
    console.log(`Neo4j: ${uri}${local ? ' (throw-away local store)' : ''}`);
    await clearGraph(db);
    const data = await loadSeed(config.seed.dir);
    const first = await applySeed(db, data);
    const second = await applySeed(db, data);
    console.log(
      `\nseed: first load ${first.durationMs} ms (${data.concepts.length} concepts, ${data.relations.length} relations); second run ${second.durationMs} ms, changed: ${second.changed}`,
    );

    const seeded = `${data.concepts.length} concepts`;
    const sizes: SizeFigures[] = [await measureSize(seeded, uri, db, quick, searchRanks)];

    console.log(`\n${formatRatios(await measureRatios(uri, quick), quick)}`);

    if (conceptCount > 0) {
      const dir = await generateGraph(conceptCount, relationCount);
      const started = performance.now();
      const large = await loadSeed(dir);
      const loaded = await applySeed(db, large);
      console.log(
        `\ngenerated graph (${dir}): ${large.concepts.length} concepts, ${large.relations.length} relations; validated and loaded in ${((performance.now() - started) / 1000).toFixed(1)} s (load alone ${(loaded.durationMs / 1000).toFixed(1)} s)`,
      );
      sizes.push(await measureSize(`${(large.concepts.length / 1000).toFixed(0)}k concepts`, uri, db, quick));
    }
    console.log(formatSideBySide(sizes));
    console.log(`\nload average at the end: ${load()}`);
  } finally {
    await db.driver.close();
    await local?.stop();
  }
}

await main();
