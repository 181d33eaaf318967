// Which Neo4j an entry point talks to. Production names it with NEO4J_URI; on a developer's machine the dev
// launcher (tools/neo4j-local/run.ts) may start a local one and hand it over. Entry points depend only on
// this interface, never on the launcher, so a deployment carries no JVM tooling.
import type { Config } from './config.js';

/** What a started local Neo4j tells the process after start-up. */
export interface Neo4jSupervision {
  /** A sentence while the local Neo4j is away and being restarted; undefined once it is back. */
  onTrouble(cause: string | undefined): void;
  /** Restarting failed every time: the process should exit so that its own supervisor restarts everything. */
  onGiveUp(reason: string): void;
}

export interface Neo4jTarget {
  uri: string;
  /** A local Neo4j without authentication (started or found by the dev launcher). */
  local: boolean;
  /** Stops the local Neo4j when this process started it; otherwise nothing. */
  stop(): Promise<void>;
  /** Hears restarts of a local Neo4j this process started; otherwise never called. */
  supervise(events: Neo4jSupervision): void;
}

/** How an entry point gets its Neo4j: on demand, so that work needing none (seed --check) starts none. */
export type Neo4jTargetSource = () => Promise<Neo4jTarget>;

export class Neo4jTargetError extends Error {}

/** The Neo4j NEO4J_URI names; without it, a one-line explanation of the ways to get one. */
export const targetFromConfig =
  (config: Config): Neo4jTargetSource =>
  async () => {
    if (!config.neo4j.uri) {
      throw new Neo4jTargetError(
        'NEO4J_URI is unset: set it to your Neo4j, run `npm start` (starts a local Neo4j for you), or `docker compose up`.',
      );
    }
    return { uri: config.neo4j.uri, local: false, stop: async () => {}, supervise: () => {} };
  };

/** The driver settings for a target: a local Neo4j has no authentication. */
export function neo4jConfigFor(config: Config, target: Neo4jTarget): Config['neo4j'] {
  return target.local ? { ...config.neo4j, uri: target.uri, password: '' } : { ...config.neo4j, uri: target.uri };
}
