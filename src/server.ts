// Entry point of the HTTP API: bootstrap (config, Neo4j, app) -> listen; graceful shutdown. The image runs
// `node dist/src/server.js` with NEO4J_URI; `npm start` runs it through the dev launcher, which starts a local
// Neo4j when NEO4J_URI is unset (tools/neo4j-local/run.ts). Either way it is one node process: no wrapper in
// between that could swallow SIGTERM.
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { bootstrap, fail, isEntryPoint } from './bootstrap.js';
import type { Neo4jTargetSource } from './neo4j-target.js';
import { notReady } from './routes/health.js';

export const shutdownTuning = {
  /**
   * Once draining, how long existing keep-alive connections get to send one more request: each is answered
   * (503 for new work) with `Connection: close`, so the final close resets no client's next request.
   */
  drainWindowMs: 1_000,
  /** Kept from the grace period for closing the driver and the local Neo4j after the drain. */
  closeReserveMs: 1_500,
} as const;

/**
 * Stops accepting connections at once (without Node's http close, which would also cut idle keep-alive
 * connections a client may be writing to), then waits until in-flight requests are done and the keep-alive
 * connections have had their window, or `maxMs` passed. The app's close then ends whatever is left.
 */
async function drainConnections(app: FastifyInstance, maxMs: number): Promise<void> {
  net.Server.prototype.close.call(app.server);
  const started = Date.now();
  for (;;) {
    const elapsed = Date.now() - started;
    const open = await new Promise<number>((resolve) => app.server.getConnections((_error, count) => resolve(count)));
    if (open === 0 || elapsed >= maxMs || (app.traffic.inFlight === 0 && elapsed >= shutdownTuning.drainWindowMs)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A second signal within this window is the same request arriving twice (terminal and npm both forward Ctrl+C). */
const duplicateSignalWindowMs = 1_000;

/**
 * Runs `stop` once on SIGTERM, SIGINT or a crash, then exits: 0 when it finished within `graceMs`, else 1.
 * Returns the trigger, for a fatal condition found elsewhere (it exits 1).
 */
function onShutdown(graceMs: number, stop: (why: NodeJS.Signals | Error) => Promise<void>): (why: Error) => void {
  let startedAt: number | undefined;
  const run = (why: NodeJS.Signals | Error): void => {
    if (startedAt !== undefined) {
      // A later, deliberate second signal means "now": exit without waiting for the drain.
      if (!(why instanceof Error) && Date.now() - startedAt > duplicateSignalWindowMs) process.exit(1);
      return;
    }
    startedAt = Date.now();
    const timer = setTimeout(() => {
      process.stderr.write(`shutdown did not finish within ${graceMs} ms; exiting\n`);
      process.exit(1);
    }, graceMs);
    stop(why).then(
      () => {
        clearTimeout(timer);
        process.exit(why instanceof Error ? 1 : 0);
      },
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, run);
  process.on('uncaughtException', run);
  process.on('unhandledRejection', (reason) => run(reason instanceof Error ? reason : new Error(String(reason))));
  return run;
}

/** Serves the API over HTTP until a signal; `neo4j` comes from the dev launcher when it started one. */
export async function main(options: { neo4j?: Neo4jTargetSource } = {}): Promise<void> {
  let shutDown: ((why: Error) => void) | undefined;
  const { config, app, neo4j } = await bootstrap({
    neo4j: options.neo4j,
    logTo: process.stdout,
    onNeo4jLost: (reason) => shutDown?.(new Error(`${reason}; exiting so that a supervisor can restart the service`)),
  });

  // Drain: readiness turns 503 first, then the listening socket closes (new connections are refused) while
  // in-flight requests finish and keep-alive clients are told to close, then the driver and the local Neo4j
  // stop, and the process exits 0. Past the grace period (kept below Compose's 10 s stop period) it exits 1
  // anyway, before the supervisor's SIGKILL.
  shutDown = onShutdown(config.limits.shutdownGraceMs, async (why) => {
    app.lifecycle.startDraining();
    if (why instanceof Error) app.log.error({ err: why }, 'shutting down after an error');
    else app.log.info({ signal: why, inFlight: app.traffic.inFlight }, 'shutting down: readiness is 503, finishing in-flight requests');
    await drainConnections(app, Math.max(0, config.limits.shutdownGraceMs - shutdownTuning.closeReserveMs));
    await app.close();
    await neo4j.stop();
    app.log.info('shut down cleanly');
  });

  try {
    await app.listen({ host: config.http.host, port: config.http.port });
  } catch (error) {
    await neo4j.stop();
    fail(`Could not listen on ${config.http.host}:${config.http.port}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const base = `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${config.http.port}`;
  app.log.info(
    `concept-graph is listening on ${base} (${process.uptime().toFixed(1)} s after start) — API docs at ${base}/docs, readiness at ${base}/health/ready`,
  );
  // Seeding, the retrieval index and the warm-up finish after listening: say once when the service is ready.
  // The same check as GET /health/ready, read directly (a request per poll would add a log line per poll).
  const announceReady = setInterval(() => {
    if (app.lifecycle.shuttingDown) clearInterval(announceReady);
    else if (!notReady(app)) {
      clearInterval(announceReady);
      app.log.info(`ready to serve, ${process.uptime().toFixed(1)} s after start`);
    }
  }, 250);
  announceReady.unref();
}

if (isEntryPoint(import.meta.url)) await main();
