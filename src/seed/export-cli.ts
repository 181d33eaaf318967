// `npm run seed:export [-- --dir <folder>]`: the graph's concepts and relations back into the seed files.
import { parseArgs } from 'node:util';
import { commandArguments, finish, isEntryPoint, withGraphDatabase } from '../command.js';
import { loadConfig } from '../config.js';
import type { Neo4jTargetSource } from '../neo4j-target.js';
import { EmptyGraphError, type ExportReport, exportSeed } from './export.js';
import { SeedLayoutError } from './export-layout.js';
import { SeedValidationError } from './load.js';

const usage = `Usage: npm run seed:export [-- --dir <folder>]
  --dir <folder> seed folder to write into (default: SEED_DIR or graph-seed); its concepts.yaml and
                 relations.yaml are rewritten in place, keeping their layout`;

/** Reading the whole graph in one transaction can outlast a request's query timeout on a large seed. */
const exportTimeoutMs = 600_000;

function summary(report: ExportReport): string {
  const lines = report.files.map((file) =>
    file.written
      ? `  ${file.file.padEnd(15)} ${file.created.length} added, ${file.updated.length} changed, ${file.deleted.length} removed`
      : `  ${file.file.padEnd(15)} unchanged`,
  );
  const changed = report.files.some((file) => file.written);
  return [
    `${changed ? 'Exported the graph into' : 'The graph already matches'} ${report.dir} (through revision ${report.revision}):`,
    ...lines,
    changed ? 'Review the changes (git diff) and commit them; seeding from these files keeps them.' : '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function parseCommandLine() {
  return parseArgs({ options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
}

async function run(neo4j: Neo4jTargetSource | undefined): Promise<number> {
  const args = commandArguments(parseCommandLine, usage);
  if (typeof args === 'number') return args;
  const config = loadConfig();
  const report = await withGraphDatabase(neo4j, config, exportTimeoutMs, (db) => exportSeed(db, args.values.dir ?? config.seed.dir));
  process.stdout.write(`${summary(report)}\n`);
  return 0;
}

/** Through the dev launcher (a local Neo4j when NEO4J_URI is unset), or run directly. */
export async function main(options: { neo4j?: Neo4jTargetSource } = {}): Promise<void> {
  await finish('seed:export', run(options.neo4j), [EmptyGraphError, SeedLayoutError], (error) =>
    error instanceof SeedValidationError
      ? `The graph's concepts and relations, written into the files, would not be a valid seed.\n${error.message}`
      : undefined,
  );
}

if (isEntryPoint(import.meta.url)) await main();
