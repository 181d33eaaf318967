// `npm run keys -- create|list|revoke`: the admin command for API keys (docs/curating.md). It talks to Neo4j
// directly, so whoever may run it may give themselves any scope: it is for the people who run the service.
import { parseArgs } from 'node:util';
import { finish, isEntryPoint, withGraphDatabase } from '../command.js';
import { loadConfig } from '../config.js';
import type { GraphDatabase } from '../graph/database.js';
import type { Neo4jTargetSource } from '../neo4j-target.js';
import { createKey, ensureKeySchema, KeyName, KeyNameTakenError, type KeyRecord, listKeys, revokeKey } from './keys.js';
import { parseScopes, ScopeListError } from './scopes.js';

const usage = `Usage: npm run keys -- <command>
  create --name <name> --scopes <scopes>  create a key and print it (once: it cannot be shown again)
  list                                     every key: name, id, scopes, created, revoked
  revoke --name <name>                     revoke a key; requests with it are refused within seconds
Scopes: read, write (includes read), admin (includes both), comma-separated, e.g. --scopes read,write`;

class UsageError extends Error {}

type Command =
  | { name: 'create'; keyName: string; scopes: ReturnType<typeof parseScopes> }
  | { name: 'list' }
  | { name: 'revoke'; keyName: string };

function keyNameOf(value: string | undefined, command: string): string {
  if (value === undefined) throw new UsageError(`${command} needs --name <name>`);
  const parsed = KeyName.safeParse(value);
  if (!parsed.success) throw new UsageError(`--name ${parsed.error.issues[0]?.message ?? 'is not valid'}`);
  return parsed.data;
}

function parseCommand(argv: string[]): Command | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: 'string' }, scopes: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') return 'help';
  if (rest.length > 0) throw new UsageError(`unexpected argument '${rest[0]}'`);
  switch (command) {
    case 'create': {
      if (values.scopes === undefined) throw new UsageError('create needs --scopes, e.g. --scopes read or --scopes read,write');
      return { name: 'create', keyName: keyNameOf(values.name, 'create'), scopes: parseScopes(values.scopes) };
    }
    case 'list':
      return { name: 'list' };
    case 'revoke':
      return { name: 'revoke', keyName: keyNameOf(values.name, 'revoke') };
    default:
      throw new UsageError(command === undefined ? 'no command given' : `unknown command '${command}'`);
  }
}

function table(keys: KeyRecord[]): string {
  if (keys.length === 0) return 'No keys yet: create one with npm run keys -- create --name <name> --scopes read';
  const rows = [
    ['NAME', 'ID', 'SCOPES', 'CREATED', 'REVOKED'],
    ...keys.map((key) => [key.name, key.id, key.scopes.join(','), key.createdAt, key.revokedAt ?? '-']),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function runCommand(db: GraphDatabase, command: Command): Promise<number> {
  await ensureKeySchema(db);
  if (command.name === 'list') {
    process.stdout.write(`${table(await listKeys(db))}\n`);
    return 0;
  }
  if (command.name === 'create') {
    const { key, record } = await createKey(db, { name: command.keyName, scopes: command.scopes });
    process.stdout.write(
      `Created key '${record.name}' (id ${record.id}) with scopes ${record.scopes.join(', ')}.\n` +
        'Store it now: it is shown this once and cannot be shown again (Neo4j keeps only a hash).\n' +
        `${key}\n`,
    );
    return 0;
  }
  const revoked = await revokeKey(db, command.keyName);
  if (!revoked) {
    process.stderr.write(`No key is named '${command.keyName}' (npm run keys -- list shows them).\n`);
    return 1;
  }
  process.stdout.write(
    revoked.alreadyRevoked
      ? `Key '${revoked.record.name}' was already revoked at ${revoked.record.revokedAt}.\n`
      : `Revoked key '${revoked.record.name}' (id ${revoked.record.id}); every replica refuses it within seconds.\n`,
  );
  return 0;
}

async function run(neo4j: Neo4jTargetSource | undefined): Promise<number> {
  let command: Command | 'help';
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    if (
      !(error instanceof UsageError || error instanceof ScopeListError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
    ) {
      throw error;
    }
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (command === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const config = loadConfig();
  return withGraphDatabase(neo4j, config, config.neo4j.queryTimeoutMs, (db) => runCommand(db, command));
}

/** `npm run keys` (through the dev launcher, which passes a local Neo4j when NEO4J_URI is unset) or run directly. */
export async function main(options: { neo4j?: Neo4jTargetSource } = {}): Promise<void> {
  await finish('keys', run(options.neo4j), [KeyNameTakenError]);
}

// Run directly (not imported by the dev launcher). src/command.ts, not bootstrap.ts: managing keys does not
// load the HTTP app.
if (isEntryPoint(import.meta.url)) await main();
