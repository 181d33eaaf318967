// Speed of POST /v1/retrieve, printed not asserted.
//   1. On the seeded graph (NEO4J_URI): CPU per retrieve and requests per second through the app
//      (app.inject, one at a time), and CPU of the retrieval pipeline alone, over the evaluation questions.
//   2. On a generated graph of 10,000 concepts and 100,000 relations (the seeded graph plus synthetic
//      concepts with English and Korean names, aliases and summaries, and relations of the catalogue's
//      types with a few hubs): time to build the index once, then p50/p95 and CPU per question.
// Rounds alternate and the median round is reported.
// Run: NEO4J_URI=bolt://127.0.0.1:7687 npm run bench:retrieve-speed [-- --concepts 10000 --relations 100000]
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { randomFrom } from '../src/graph/quiz-rules.js';
import { buildRetrievalIndex, type ConceptRow, type RelationRow } from '../src/graph/retrieval/graph-index.js';
import { answer } from '../src/graph/retrieval/index.js';
import { loadRetrievalIndex } from '../src/graph/retrieval/loader.js';
import { retrievalWeights } from '../src/graph/retrieval/weights.js';
import { loadEvalSet } from './retrieval-eval.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? Number.NaN;
const cpuMs = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
};
const argument = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** The seeded graph's rows grown to `concepts` and `relations` with synthetic ones. */
function generate(real: { concepts: ConceptRow[]; relations: RelationRow[] }, types: string[], concepts: number, relations: number) {
  const next = randomFrom(String(42));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const latinSyllables = ['ka', 'lo', 'vex', 'tri', 'mon', 'sel', 'dra', 'pin', 'qu', 'zor', 'bel', 'nix', 'ter', 'ul', 'fa', 'ro'];
  const hangulSyllables = [...'가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노도로모보소오조초'];
  const english =
    'service layer process file system network image storage kernel manages runs provides small fast secure cluster node request api tool build start stop state shared host'.split(
      ' ',
    );
  const korean =
    '서비스 계층 프로세스 파일 시스템 네트워크 이미지 저장소 커널 관리 실행 제공 작은 빠른 안전한 클러스터 노드 요청 도구 빌드 시작 중지 상태 공유 호스트'.split(
      ' ',
    );
  const word = () => Array.from({ length: 2 + Math.floor(next() * 2) }, () => pick(latinSyllables)).join('');
  const hangulWord = () => Array.from({ length: 2 + Math.floor(next() * 3) }, () => pick(hangulSyllables)).join('');
  const sentence = (words: () => string, size: number) => Array.from({ length: size }, words).join(' ');
  const rows: ConceptRow[] = [...real.concepts];
  const categories = [...new Set(real.concepts.map((concept) => concept.category))];
  for (let i = rows.length; i < concepts; i++) {
    const name = `${word()} ${word()}`;
    rows.push({
      id: `synthetic-${i}`,
      name: { en: name, ko: `${hangulWord()} ${hangulWord()}` },
      aliases: { en: [word()], ko: [hangulWord()] },
      category: pick(categories),
      summary: {
        en: `${name} ${sentence(() => (next() < 0.5 ? pick(english) : word()), 24)}.`,
        ko: `${sentence(() => (next() < 0.5 ? pick(korean) : hangulWord()), 18)}.`,
      },
    });
  }
  const edges: RelationRow[] = [...real.relations];
  const seen = new Set(edges.map((r) => r.id));
  // A few hubs: one end of a relation falls on the first 1% of concepts a fifth of the time.
  const end = () => (next() < 0.2 ? Math.floor(next() * concepts * 0.01) : Math.floor(next() * concepts));
  while (edges.length < relations) {
    const subject = rows[end()]?.id ?? '';
    const object = rows[end()]?.id ?? '';
    const type = pick(types);
    const id = `${subject}:${type}:${object}`;
    if (subject === object || seen.has(id)) continue;
    seen.add(id);
    edges.push({ id, type, subject, object, confidence: pick([1, 0.8, 0.6]), sources: ['notes'] });
  }
  return { concepts: rows, relations: edges };
}

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.neo4j.uri) throw new Error('Set NEO4J_URI to a seeded graph (e.g. the one `npm start` runs).');
  const limits = { ...config.limits, maxEventLoopDelayMs: 0, lookupMax: 1_000_000, heavyMax: 1_000_000 };
  const app = await buildApp({ ...config, limits, seed: { ...config.seed, onStart: 'never' }, logLevel: 'silent' }, { logger: false });
  await app.ready();
  const questions = (await loadEvalSet()).map((q) => q.q);
  const defaults = { maxFacts: 12, hops: 1 as const, maxContextChars: retrievalWeights.context.defaultChars };

  // 1. Seeded graph.
  const catalogue = await app.catalogue.get();
  const index = await loadRetrievalIndex(app.graphDb, catalogue);
  for (const query of questions) await app.inject({ method: 'POST', url: '/v1/retrieve', payload: { query } }); // warm-up
  const rounds = { httpCpu: [] as number[], httpRate: [] as number[], pipelineCpu: [] as number[] };
  for (let round = 0; round < 5; round++) {
    // Alternate the two measurements so drift on a shared machine hits both alike.
    let cpu = process.cpuUsage();
    let started = performance.now();
    for (const query of questions) {
      const reply = await app.inject({ method: 'POST', url: '/v1/retrieve', payload: { query } });
      if (reply.statusCode !== 200) throw new Error(`${query}: ${reply.statusCode} ${reply.body}`);
    }
    rounds.httpCpu.push(cpuMs(cpu) / questions.length);
    rounds.httpRate.push(questions.length / ((performance.now() - started) / 1000));
    cpu = process.cpuUsage();
    started = performance.now();
    for (const query of questions) answer(index, catalogue, { query, ...defaults });
    rounds.pipelineCpu.push(cpuMs(cpu) / questions.length);
  }
  console.log(
    `seeded graph: ${index.concepts.length} concepts, ${index.relations.length} relations; ${questions.length} questions × 5 rounds`,
  );
  console.log(
    `  POST /v1/retrieve via app.inject: ${median(rounds.httpCpu).toFixed(2)} ms CPU per request, ${median(rounds.httpRate).toFixed(0)} req/s one at a time`,
  );
  console.log(`  retrieval pipeline alone:         ${median(rounds.pipelineCpu).toFixed(2)} ms CPU per question`);

  // 2. Generated large graph.
  const conceptCount = argument('--concepts', 10_000);
  const relationCount = argument('--relations', 100_000);
  const learningTypes = new Set(catalogue.relationTypes.filter((t) => t.learningOrder).map((t) => t.key));
  const real = {
    concepts: index.concepts,
    relations: index.relations.map((r) => ({
      ...r,
      subject: index.concepts[r.subject]?.id ?? '',
      object: index.concepts[r.object]?.id ?? '',
    })),
  };
  const big = generate(
    real,
    catalogue.relationTypes.map((t) => t.key),
    conceptCount,
    relationCount,
  );
  let cpu = process.cpuUsage();
  let started = performance.now();
  const bigIndex = buildRetrievalIndex(big.concepts, big.relations, learningTypes);
  console.log(
    `generated graph: ${bigIndex.concepts.length} concepts, ${bigIndex.relations.length} relations; index built once per graph version in ${(performance.now() - started).toFixed(0)} ms (${cpuMs(cpu).toFixed(0)} ms CPU)`,
  );
  for (const query of questions) answer(bigIndex, catalogue, { query, ...defaults }); // warm-up
  const times: number[] = [];
  const cpus: number[] = [];
  for (let round = 0; round < 3; round++) {
    cpu = process.cpuUsage();
    for (const query of questions) {
      started = performance.now();
      answer(bigIndex, catalogue, { query, ...defaults });
      times.push(performance.now() - started);
    }
    cpus.push(cpuMs(cpu) / questions.length);
  }
  console.log(
    `  per question: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms; ${median(cpus).toFixed(2)} ms CPU`,
  );
  await app.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
