// `npm run seed [-- --check] [-- --dir path] [-- --discard-http-changes]`: validate graph-seed/ (and, without
// --check, load it).
import { parseArgs } from 'node:util';
import { commandArguments, finish, isEntryPoint, withGraphDatabase } from '../command.js';
import { loadConfig } from '../config.js';
import type { Neo4jTargetSource } from '../neo4j-target.js';
import { applySeed, type SeedReport } from './apply.js';
import { UnsyncedHttpChangesError } from './http-changes.js';
import { loadSeed, SeedValidationError } from './load.js';

const usage = `Usage: npm run seed [-- --check] [-- --dir <folder>] [-- --discard-http-changes]
  --check                 validate the seed files only (no database needed)
  --dir <folder>          seed folder (default: SEED_DIR or graph-seed)
  --discard-http-changes  seed even though the graph holds changes made over HTTP that the files do not
                          (they are undone; without this flag the seed refuses and names them)`;

function summary(report: SeedReport): string {
  const line = (name: string, c: { created: number; updated: number; deleted: number; unchanged: number; released: number }) =>
    `  ${name.padEnd(14)} created ${c.created}, updated ${c.updated}, deleted ${c.deleted}, unchanged ${c.unchanged}${c.released ? `, released ${c.released}` : ''}`;
  const byType = Object.entries(report.relations.byType)
    .filter(([, count]) => count > 0)
    .map(([type, count]) => `${type} ${count}`)
    .join(', ');
  return [
    report.changed
      ? `Seed loaded in ${report.durationMs} ms:`
      : `No changes: the graph already matches the seed files (${report.durationMs} ms).`,
    line('categories', report.categories),
    line('sources', report.sources),
    line('relation types', report.relationTypes),
    line('concepts', report.concepts),
    line('relations', report.relations),
    `  relations by type: ${byType}`,
    ...(report.discardedHttpChanges > 0
      ? [`  discarded ${report.discardedHttpChanges} changes made over HTTP (--discard-http-changes)`]
      : []),
  ].join('\n');
}

function parseCommandLine() {
  return parseArgs({
    options: {
      check: { type: 'boolean', default: false },
      dir: { type: 'string' },
      'discard-http-changes': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

async function run(neo4j: Neo4jTargetSource | undefined): Promise<number> {
  const args = commandArguments(parseCommandLine, usage);
  if (typeof args === 'number') return args;
  const config = loadConfig();
  const dir = args.values.dir ?? config.seed.dir;

  const started = performance.now();
  const data = await loadSeed(dir);
  const counts = `${data.concepts.length} concepts, ${data.relations.length} relations, ${data.relationTypes.length} relation types, ${data.categories.length} categories, ${data.sources.length} sources`;
  if (args.values.check) {
    process.stdout.write(`${dir} is valid: ${counts} (checked in ${Math.round(performance.now() - started)} ms)\n`);
    return 0;
  }

  const report = await withGraphDatabase(neo4j, config, config.neo4j.queryTimeoutMs, (db) =>
    applySeed(db, data, { discardHttpChanges: args.values['discard-http-changes'] }),
  );
  process.stdout.write(`${summary(report)}\n`);
  return 0;
}

/** `npm run seed` (through the dev launcher, which passes a local Neo4j when NEO4J_URI is unset) or run directly. */
export async function main(options: { neo4j?: Neo4jTargetSource } = {}): Promise<void> {
  await finish('seed', run(options.neo4j), [SeedValidationError, UnsyncedHttpChangesError]);
}

if (isEntryPoint(import.meta.url)) await main();
