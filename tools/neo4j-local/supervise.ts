// A local Neo4j for the dev launcher: one already listening on NEO4J_LOCAL_PORT is reused; otherwise the JVM
// launcher starts one, and starts it again if it dies while the process runs. When the process ends, the
// server it started stays up for NEO4J_LOCAL_IDLE_MINUTES (lease.ts), so the next start skips the JVM's
// start and finds Neo4j's plans already compiled; 0 stops it with the process.
import net from 'node:net';
import type { Config } from '../../src/config.js';
import { type Neo4jSupervision, type Neo4jTarget, Neo4jTargetError } from '../../src/neo4j-target.js';
import { holdLease, leaseFiles, recordPid } from './lease.js';
import { LocalNeo4jUnavailableError, startLocalNeo4j } from './neo4j-local.js';

/** Restarts of a local Neo4j that died: delays double from the first to the cap; past the attempts, give up. */
export const restartTuning = { firstDelayMs: 1_000, maxDelayMs: 30_000, maxAttempts: 5 };

function portAnswers(port: number, host = '127.0.0.1', timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

interface Instance {
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
  leave?(): void;
}

/**
 * Keeps one instance running: when the current one exits without stop(), starts another after a delay that
 * doubles per failed attempt, and reports each step; after the last attempt it gives up.
 */
export function keepRunning(
  first: Instance,
  start: () => Promise<Instance>,
  log: (line: string) => void,
  tuning = restartTuning,
): { stop(): Promise<void>; leave(): void; supervise(events: Neo4jSupervision): void } {
  let current = first;
  let stopped = false;
  let events: Neo4jSupervision | undefined;
  let wake: (() => void) | undefined;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const restart = async (why: string): Promise<void> => {
    for (let attempt = 1; attempt <= tuning.maxAttempts; attempt++) {
      const delayMs = Math.min(tuning.maxDelayMs, tuning.firstDelayMs * 2 ** (attempt - 1));
      const cause = `the local Neo4j ${why}; restarting it (attempt ${attempt} of ${tuning.maxAttempts})`;
      log(`neo4j-local: ${cause} in ${delayMs / 1000} s`);
      events?.onTrouble(cause);
      await pause(delayMs);
      if (stopped) return;
      try {
        const next = await start();
        if (stopped) {
          await next.stop();
          return;
        }
        current = next;
        watch(next);
        log(`neo4j-local: restarted (attempt ${attempt})`);
        events?.onTrouble(undefined);
        return;
      } catch (error) {
        why = `could not be restarted (${error instanceof Error ? error.message : String(error)})`;
      }
    }
    if (!stopped) events?.onGiveUp(`the local Neo4j ${why}, after ${tuning.maxAttempts} attempts`);
  };

  const watch = (instance: Instance) => {
    void instance.exited.then(({ code, signal }) => {
      if (stopped || instance !== current || !events) return;
      void restart(signal ? `was killed by ${signal}` : `exited with code ${code}`);
    });
  };
  watch(first);

  return {
    supervise(listener) {
      events = listener;
    },
    async stop() {
      stopped = true;
      wake?.();
      await current.stop();
    },
    leave() {
      stopped = true;
      wake?.();
      current.leave?.();
    },
  };
}

/** The local Neo4j on NEO4J_LOCAL_PORT: reused when something listens there, else started (and kept running). */
export async function localNeo4j(config: Config, log: (line: string) => void): Promise<Neo4jTarget> {
  const { port, home, idleMinutes } = config.localNeo4j;
  const uri = `bolt://127.0.0.1:${port}`;
  const idleSeconds = idleMinutes * 60;
  const files = leaseFiles(home);
  if (await portAnswers(port)) {
    log(`NEO4J_URI is unset: using the local Neo4j already listening at ${uri}`);
    const lease = idleSeconds > 0 ? await holdLease(files, idleSeconds) : undefined;
    return { uri, local: true, stop: async () => lease?.release(), supervise: () => {} };
  }
  log(`NEO4J_URI is unset: starting a local Neo4j at ${uri} (store: ${home})`);
  const stayUp = idleSeconds > 0 ? { lease: files.lease, idleSeconds } : undefined;
  const start = async () => {
    const instance = await startLocalNeo4j({ port, home, stayUp, onLog: (line) => log(`[neo4j-local] ${line}`) });
    if (stayUp) await recordPid(files, instance.pid);
    return instance;
  };
  try {
    const lease = stayUp ? await holdLease(files, idleSeconds) : undefined;
    const running = keepRunning(await start(), start, log);
    const leave = async () => {
      running.leave();
      await lease?.release();
      log(
        `neo4j-local: left running at ${uri} so that the next start is quick; it stops after ${idleMinutes} min unused (npm run neo4j:stop stops it now)`,
      );
    };
    return { uri, local: true, stop: stayUp ? leave : running.stop, supervise: running.supervise };
  } catch (error) {
    if (error instanceof LocalNeo4jUnavailableError) throw new Neo4jTargetError(error.message);
    throw error;
  }
}
