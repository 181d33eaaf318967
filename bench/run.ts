// Benchmarks, printed not asserted: seed load time, search quality on Korean and English terms, and
// request latency per route over real HTTP on loopback. Uses NEO4J_URI when set (the graph there is
// replaced by the seed), else a throw-away local Neo4j.
// Run: npm run bench   (or: NEO4J_URI=bolt://127.0.0.1:7687 npm run bench)
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { GraphDatabase } from '../src/graph/database.js';
import { createDriver } from '../src/plugins/neo4j.js';
import { applySeed } from '../src/seed/apply.js';
import { loadSeed } from '../src/seed/load.js';
import { freePort, startLocalNeo4j } from '../tools/neo4j-local/neo4j-local.js';

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

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function timeRequests(base: string, path: string, count: number, concurrency: number, init?: RequestInit): Promise<string> {
  const durations: number[] = [];
  let bytes = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const t = performance.now();
        const response = await fetch(base + path, init);
        bytes = (await response.arrayBuffer()).byteLength;
        if (!response.ok) throw new Error(`${path}: ${response.status}`);
        durations.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  durations.sort((a, b) => a - b);
  const f = (x: number) => x.toFixed(1).padStart(6);
  return `${(init?.method ?? 'GET').padEnd(4)} ${path.padEnd(58)} p50 ${f(percentile(durations, 50))} ms  p95 ${f(percentile(durations, 95))} ms  p99 ${f(percentile(durations, 99))} ms  ${(count / seconds).toFixed(0).padStart(5)} req/s  ${(bytes / 1024).toFixed(1).padStart(6)} KiB`;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const local = config.neo4j.uri ? undefined : await startLocalNeo4j({ port: await freePort(), ephemeral: true });
  const neo4jConfig = { ...config.neo4j, uri: local?.uri ?? config.neo4j.uri, ...(local ? { password: '' } : {}) };
  const db = new GraphDatabase(createDriver(neo4jConfig), neo4jConfig.database, neo4jConfig.queryTimeoutMs);
  try {
    console.log(`Neo4j: ${neo4jConfig.uri}${local ? ' (throw-away local store)' : ''}; Node ${process.version}`);
    await db.driver.executeQuery('MATCH (n) DETACH DELETE n', {}, { database: db.database });
    const data = await loadSeed(config.seed.dir);
    const first = await applySeed(db, data);
    const second = await applySeed(db, data);
    console.log(
      `\nseed: first load ${first.durationMs} ms (${data.concepts.length} concepts, ${data.relations.length} relations); second run ${second.durationMs} ms, changed: ${second.changed}`,
    );

    const app = await buildApp({ ...config, neo4j: neo4jConfig, seed: { ...config.seed, onStart: 'never' } }, { logger: false });
    const port = await freePort();
    await app.listen({ host: '127.0.0.1', port });
    const base = `http://127.0.0.1:${port}`;

    console.log('\nsearch: rank of the expected concept (1 = first)');
    let top1 = 0;
    let top3 = 0;
    for (const [q, id] of searchCases) {
      const reply = (await (await fetch(`${base}/v1/search?q=${encodeURIComponent(q)}&limit=10`)).json()) as {
        items: { concept: { id: string } }[];
      };
      const rank = reply.items.findIndex((item) => item.concept.id === id) + 1;
      if (rank === 1) top1++;
      if (rank >= 1 && rank <= 3) top3++;
      console.log(`  ${q.padEnd(24)} -> ${id.padEnd(30)} rank ${rank === 0 ? 'missing' : rank}`);
    }
    console.log(`  hit@1 ${top1}/${searchCases.length}, hit@3 ${top3}/${searchCases.length}`);

    console.log('\nlatency over HTTP on loopback (200 requests each, 4 at a time; warm-up first)');
    const routes: [string, RequestInit?][] = [
      ['/health/ready'],
      ['/v1/concepts?limit=20'],
      ['/v1/concepts/containerd'],
      ['/v1/concepts/runc/relations?direction=both&limit=50'],
      ['/v1/relations?subject=containerd&type=IMPLEMENTS'],
      ['/v1/concepts/containerd/neighborhood?depth=2'],
      ['/v1/concepts/docker/neighborhood?depth=3'],
      ['/v1/paths?from=runc&to=kubernetes&maxHops=4&limit=3'],
      ['/v1/paths?from=hypervisor&to=containerd-shim&maxHops=6&limit=10'],
      [`/v1/search?q=${encodeURIComponent('저수준 런타임')}`],
      ['/v1/search?q=contaienr'],
      ['/v1/relation-types'],
      ['/v1/learning-path?target=runc'],
      ['/v1/quiz?count=10&seed=bench'],
      ['/v1/graph.graphml'],
      [
        '/v1/retrieve',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'containerd는 어떤 인터페이스를 구현하나요?' }),
        },
      ],
      [
        '/v1/retrieve',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: 'How does the docker client talk to the daemon?', hops: 2 }),
        },
      ],
    ];
    for (const [path, init] of routes) await timeRequests(base, path, 20, 2, init);
    for (const [path, init] of routes) console.log(`  ${await timeRequests(base, path, 200, 4, init)}`);
    await app.close();
  } finally {
    await db.driver.close();
    await local?.stop();
  }
}

await main();
