// Loads graph-seed/ once Neo4j answers, without blocking start-up: the API listens at once, reports
// not-ready while Neo4j is down or the seed is loading, and retries until the database answers. The seed's
// state lives in the lifecycle (app.lifecycle.seed), which readiness and the warm-up read.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { ServiceUnavailableError } from '../errors.js';
import { classifyDriverError } from '../graph/driver-errors.js';
import { applySeed, seededConceptCount } from '../seed/apply.js';
import { UnsyncedHttpChangesError } from '../seed/http-changes.js';
import { loadSeed } from '../seed/load.js';

/**
 * The graph holds changes made over HTTP that the files lack: seeding would undo them, and failing would take a
 * consistent graph out of service. The graph is served as it is until the changes are exported (seed:export).
 */
function keepGraphWithHttpChanges(app: FastifyInstance, error: UnsyncedHttpChangesError): void {
  app.log.error({ revisions: error.revisions, count: error.count }, `seed: skipped, the graph is kept as it is. ${error.message}`);
  app.lifecycle.seedDone();
}

const firstRetryMs = 500;
const maxRetryMs = 10_000;

export const seedOnStartPlugin = fp<{ seed: Config['seed'] }>(
  async (app, { seed }) => {
    if (seed.onStart === 'never') return;
    const { lifecycle } = app;
    lifecycle.seedPending();

    let closing = false;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;

    const attempt = async (delayMs: number): Promise<void> => {
      try {
        await app.graphDb.ping();
      } catch {
        schedule(Math.min(delayMs * 2, maxRetryMs));
        return;
      }
      try {
        if (seed.onStart === 'if-empty' && (await seededConceptCount(app.graphDb)) > 0) {
          app.log.info('seed: graph already loaded, nothing to do (SEED_ON_START=if-empty)');
        } else {
          const data = await loadSeed(seed.dir);
          const report = await applySeed(app.graphDb, data);
          app.catalogue.invalidate();
          app.graphVersion.invalidate();
          app.log.info({ seed: report }, 'seed: graph loaded');
        }
        lifecycle.seedDone();
      } catch (error) {
        // Neo4j went away, stalled or was judged down by the health guard mid-way: the write was one transaction,
        // so nothing half-done remains and the next attempt starts clean. Only a broken seed is final.
        if (error instanceof ServiceUnavailableError || classifyDriverError(error) !== 'other') {
          schedule(Math.min(delayMs * 2, maxRetryMs));
          return;
        }
        if (error instanceof UnsyncedHttpChangesError) return keepGraphWithHttpChanges(app, error);
        lifecycle.seedFailed(error instanceof Error ? error.message : String(error));
        app.log.error({ err: error }, 'seed: loading the graph failed; fix graph-seed/ and restart');
      }
    };

    function schedule(delayMs: number): void {
      if (closing) return;
      timer = setTimeout(() => {
        running = attempt(delayMs);
      }, delayMs);
      timer.unref();
    }

    app.addHook('onReady', async () => {
      running = attempt(firstRetryMs);
    });
    app.addHook('onClose', async () => {
      closing = true;
      clearTimeout(timer);
      await running;
    });
  },
  { name: 'seed-on-start', dependencies: ['neo4j', 'lifecycle'] },
);
