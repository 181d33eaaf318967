// Ready means fast: before readiness says 200, every statement shape the routes run is sent twice (each
// relation type's listing, paths, the neighbourhood at both depths, the quiz, the learning path, search in
// both languages), so Neo4j has planned it and V8 has compiled the code around it. Twice, because Neo4j
// plans a statement on its first run and compiles its expressions on a later one; on a large graph either
// costs a first request a hundred milliseconds or more. The second pass uses other values, so that the reply
// cache does not answer it. Through the app itself
// (`inject`), the same path a client takes. Bounded: what is not warm when the budget runs out stays cold.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const warmUpTuning = {
  /** Longest the warm-up may hold readiness back, counted once start-up seeding has finished. */
  budgetMs: 30_000,
  /** How often to look whether start-up seeding has finished. */
  seedPollMs: 100,
  /** Requests sent at once. */
  concurrency: 3,
  /** The warm-up's own client address: its requests draw on no real client's rate-limit budget. */
  remoteAddress: '192.0.2.1',
};

/** Waits for start-up seeding (readiness waits for it anyway); false when it failed or the server is closing. */
async function seedSettled(app: FastifyInstance): Promise<boolean> {
  while (app.lifecycle.seed.status === 'pending') {
    if (app.lifecycle.shuttingDown) return false;
    await new Promise((resolve) => setTimeout(resolve, warmUpTuning.seedPollMs));
  }
  return app.lifecycle.seed.status !== 'failed';
}

/**
 * The requests that cover every statement shape, given two concepts of the graph, its relation types and two
 * related concepts (so that a path is found and its rows rendered); `pass` 1 swaps the concepts and varies
 * every other value, so its URLs differ from pass 0's.
 */
export function warmUpRequests(concepts: string[], types: string[], pass: 0 | 1 = 0, related: string[] = concepts): string[] {
  const [a, b] = pass === 0 ? concepts : [concepts[1] ?? concepts[0], concepts[0]];
  const [from, to] = pass === 0 ? related : [related[1], related[0]];
  const limit = 5 + pass;
  const seed = `warm-up-${pass}`;
  const byConcept = a
    ? [
        `/v1/concepts/${encodeURIComponent(a)}`,
        `/v1/concepts/${encodeURIComponent(a)}/relations?limit=${limit}`,
        `/v1/concepts/${encodeURIComponent(a)}/neighborhood?depth=1`,
        `/v1/concepts/${encodeURIComponent(a)}/neighborhood?depth=2`,
        `/v1/learning-path?target=${encodeURIComponent(a)}`,
        `/v1/quiz?concept=${encodeURIComponent(a)}&count=3&seed=${seed}`,
        // A path between two related concepts (one hop) and between two listed ones (usually several hops).
        ...(from && to ? [`/v1/paths?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`] : []),
        ...(b && b !== a ? [`/v1/paths?from=${encodeURIComponent(a)}&to=${encodeURIComponent(b)}`] : []),
      ]
    : [];
  return [
    `/v1/concepts?limit=${limit}`,
    `/v1/relations?limit=${limit}`,
    // Each type's listing is its own statement, unanchored and anchored at either end.
    ...types.flatMap((type) => {
      const t = encodeURIComponent(type);
      return [
        `/v1/relations?type=${t}&limit=${1 + pass}`,
        ...(a
          ? [`/v1/relations?subject=${encodeURIComponent(a)}&type=${t}`, `/v1/relations?object=${encodeURIComponent(a)}&type=${t}`]
          : []),
      ];
    }),
    ...byConcept,
    `/v1/quiz?count=3&seed=${seed}`,
    `/v1/search?q=${['container', 'runtime'][pass]}`,
    `/v1/search?q=${encodeURIComponent(['컨테이너', '런타임'][pass] ?? '')}`,
  ];
}

async function warmUp(app: FastifyInstance): Promise<void> {
  // The budget starts after the seed: a first start spends its time loading the graph, not warming plans.
  if (!(await seedSettled(app))) return;
  const until = Date.now() + warmUpTuning.budgetMs;
  const send = (url: string) =>
    app.inject({ method: 'GET', url, remoteAddress: warmUpTuning.remoteAddress, headers: { 'x-request-id': 'warm-up' } });
  const concepts = ((await send('/v1/concepts?limit=2')).json() as { items?: { id: string }[] }).items?.map((c) => c.id) ?? [];
  const types = ((await send('/v1/relation-types')).json() as { items?: { key: string }[] }).items?.map((t) => t.key) ?? [];
  const first = ((await send('/v1/relations?limit=1')).json() as { items?: { subject: { id: string }; object: { id: string } }[] })
    .items?.[0];
  const related = first ? [first.subject.id, first.object.id] : concepts;
  // A few at a time: planning is CPU work in Neo4j's JVM and compiling in Node's, so both cores stay busy.
  const queue = [...warmUpRequests(concepts, types, 0, related), ...warmUpRequests(concepts, types, 1, related)];
  const worker = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      if (Date.now() > until || app.lifecycle.shuttingDown) return;
      await send(url);
    }
  };
  await Promise.all(Array.from({ length: warmUpTuning.concurrency }, worker));
}

export const warmUpPlugin = fp(
  async (app) => {
    app.addHook('onReady', async () => {
      const work = warmUp(app).catch((error: unknown) => app.log.warn({ err: error }, 'warm-up stopped; routes warm on first use'));
      void app.lifecycle.track('warming the statement plans', work);
    });
  },
  { name: 'warm-up', dependencies: ['seed-on-start', 'lifecycle'] },
);
