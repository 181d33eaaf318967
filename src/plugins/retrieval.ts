// The retrieval index and ranker, one per app: POST /v1/retrieve and the MCP tools ask the same instance.
// The index is built once per graph version; the current one is built before the first question, and a few
// questions are answered with it so the ranking code is compiled before traffic. Start-up waits for that
// briefly (enough for the seeded graph); a longer build goes on in slices between requests while readiness
// says NOT_READY.
import fp from 'fastify-plugin';
import { Retriever } from '../graph/retrieval/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    retriever: Retriever;
  }
}

export const retrievalWarmUp = {
  /** How long start-up waits for the index before listening anyway (readiness stays 503 until it is built). */
  startupWaitMs: 2_000,
  /** Concepts asked about (two questions each) once the index is built, so the ranking is JIT-compiled before traffic. */
  questionsAbout: 12,
};

export const retrievalPlugin = fp(
  async (app) => {
    const retriever = new Retriever(app.graphDb, () => app.graphVersion.current());
    app.decorate('retriever', retriever);
    app.addHook('onReady', async () => {
      const warm = app.catalogue
        .get()
        .then((catalogue) => retriever.exercise(catalogue, retrievalWarmUp.questionsAbout))
        .catch((error: unknown) => app.log.debug({ err: error }, 'retrieval index not warmed; the first question builds it'));
      const built = app.lifecycle.track('the retrieval index', warm);
      await Promise.race([built, new Promise((resolve) => setTimeout(resolve, retrievalWarmUp.startupWaitMs).unref())]);
    });
  },
  { name: 'retrieval', dependencies: ['neo4j', 'lifecycle'] },
);
