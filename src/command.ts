// What the command-line tools (npm run seed, seed:export, keys) share: the Neo4j they open and close around
// their work, and how they end (exit code; a known failure as its message alone, anything else with its stack).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import { ConfigError } from './config.js';
import { GraphDatabase } from './graph/database.js';
import { createDriver } from './graph/driver.js';
import { Neo4jTargetError, type Neo4jTargetSource, neo4jConfigFor, targetFromConfig } from './neo4j-target.js';

/** Whether the module at `url` is the script node was started with (not imported by the dev launcher). */
export function isEntryPoint(url: string): boolean {
  const script = process.argv[1];
  return script !== undefined && path.resolve(script) === fileURLToPath(url);
}

/**
 * The parsed command line, or the exit code when there is nothing to run: 2 after a parse error (printed with
 * the usage), 0 after `--help` (the usage printed).
 */
export function commandArguments<T extends { values: { help?: boolean | undefined } }>(parse: () => T, usage: string): T | number {
  let args: T;
  try {
    args = parse();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}\n`);
    return 2;
  }
  if (args.values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return args;
}

/** Runs `work` on the configured Neo4j (a local one when the launcher passes it), closing both after. */
export async function withGraphDatabase<T>(
  neo4j: Neo4jTargetSource | undefined,
  config: Config,
  timeoutMs: number,
  work: (db: GraphDatabase) => Promise<T>,
): Promise<T> {
  const target = await (neo4j ?? targetFromConfig(config))();
  const driver = createDriver(neo4jConfigFor(config, target));
  try {
    return await work(new GraphDatabase(driver, config.neo4j.database, timeoutMs));
  } finally {
    await driver.close();
    await target.stop();
  }
}

type ErrorClass = new (...args: never[]) => Error;

/**
 * Exits with the code `run` settles to. A failure of a known kind (bad configuration, Neo4j unreachable, the
 * command's own) prints its message, which says what to do; any other is a bug and prints its stack.
 */
export async function finish(
  name: string,
  run: Promise<number>,
  known: ErrorClass[],
  explain: (error: unknown) => string | undefined = () => undefined,
): Promise<void> {
  await run.then(
    (code) => process.exit(code),
    (error: unknown) => {
      const message = explain(error);
      if (message !== undefined) process.stderr.write(`${message}\n`);
      else if ([...known, ConfigError, Neo4jTargetError].some((type) => error instanceof type))
        process.stderr.write(`${(error as Error).message}\n`);
      else process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
