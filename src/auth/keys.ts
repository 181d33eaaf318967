// API keys: their format, their salted scrypt hashes, and the statements that create, list, revoke and find
// them as (:ApiKey) nodes. A key is shown once, when it is created; Neo4j keeps only a salt and a hash of its
// secret, so a copy of the database lets nobody call the API.
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { type GraphDatabase, statement, toPlain } from '../graph/database.js';
import type { Scope } from './scopes.js';

/**
 * `cg_<id>_<secret>`: the id (hex, so the underscores stay separators) finds one node through its uniqueness
 * constraint; the secret (32 random bytes, base64url) is what the hash proves. The prefix lets secret scanners
 * and people recognise a leaked key.
 */
const keyPattern = /^cg_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const idBytes = 8;
const secretBytes = 32;

/** scrypt's cost; changing it makes every stored hash unverifiable, so keys would have to be issued again. */
const scryptParams: ScryptOptions = { N: 16_384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const hashBytes = 32;
const saltBytes = 16;

export const KeyName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, dots, dashes or underscores, starting with a letter or digit');

/** What listing a key shows: never its hash or salt. */
export const KeyRecord = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type KeyRecord = z.infer<typeof KeyRecord>;

/** What verification needs of a live (not revoked) key. */
export interface StoredKey {
  name: string;
  scopes: string[];
  salt: string;
  hash: string;
}

export class KeyNameTakenError extends Error {
  constructor(name: string) {
    super(`A key named '${name}' exists already (revoked keys keep their names): choose another name.`);
    this.name = 'KeyNameTakenError';
  }
}

export function formatKey(id: string, secret: string): string {
  return `cg_${id}_${secret}`;
}

/** The id and secret of a presented key, or undefined when it is not in the format this service issues. */
export function parseKey(presented: string): { id: string; secret: string } | undefined {
  const match = keyPattern.exec(presented);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : undefined;
}

/** scrypt runs on libuv's thread pool through the callback form, never on the event loop. */
function scryptAsync(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, hashBytes, scryptParams, (error, derived) => (error ? reject(error) : resolve(derived)));
  });
}

export async function hashSecret(secret: string): Promise<{ salt: string; hash: string }> {
  const salt = randomBytes(saltBytes);
  return { salt: salt.toString('base64url'), hash: (await scryptAsync(secret, salt)).toString('base64url') };
}

/**
 * Whether `secret` is the one `stored` was made from. The comparison takes the same time wherever the bytes
 * differ (timingSafeEqual), so response times say nothing about how much of a guess was right.
 */
export async function secretMatches(secret: string, stored: { salt: string; hash: string }): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64url');
  const derived = await scryptAsync(secret, Buffer.from(stored.salt, 'base64url'));
  // A damaged stored hash of another length is a mismatch (timingSafeEqual throws on unequal lengths).
  return expected.length === derived.length && timingSafeEqual(derived, expected);
}

// ---- Statements -----------------------------------------------------------------------------------------

const keyConstraints = [
  statement('apiKeyIdConstraint', 'CREATE CONSTRAINT api_key_id IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.id IS UNIQUE'),
  statement('apiKeyNameConstraint', 'CREATE CONSTRAINT api_key_name IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.name IS UNIQUE'),
];

const createKeyStatement = statement(
  'createApiKey',
  `CREATE (k:ApiKey {id: $id, name: $name, scopes: $scopes, salt: $salt, hash: $hash, createdAt: datetime.truncate('second', datetime())})
   RETURN k {.id, .name, .scopes, createdAt: toString(k.createdAt), revokedAt: toString(k.revokedAt)} AS key`,
);

const listKeysStatement = statement(
  'listApiKeys',
  `MATCH (k:ApiKey)
   RETURN k {.id, .name, .scopes, createdAt: toString(k.createdAt), revokedAt: toString(k.revokedAt)} AS key
   ORDER BY k.name
   LIMIT $limit`,
);

const revokeKeyStatement = statement(
  'revokeApiKey',
  `MATCH (k:ApiKey {name: $name})
   WITH k, k.revokedAt IS NOT NULL AS alreadyRevoked
   SET k.revokedAt = coalesce(k.revokedAt, datetime.truncate('second', datetime()))
   RETURN k {.id, .name, .scopes, createdAt: toString(k.createdAt), revokedAt: toString(k.revokedAt)} AS key, alreadyRevoked`,
);

/** Revoked keys are not found: a revoked key and one that never existed are refused alike. */
const liveKeyStatement = statement(
  'findLiveApiKey',
  `MATCH (k:ApiKey {id: $id})
   WHERE k.revokedAt IS NULL
   RETURN k.name AS name, k.scopes AS scopes, k.salt AS salt, k.hash AS hash
   LIMIT 1`,
);

/** A listing shows at most this many keys; a deployment has a handful. */
export const keyListLimit = 1_000;

const writeTimeoutMs = 10_000;

function isConstraintViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';
}

/** The uniqueness constraints on id and name; idempotent, so every admin command runs it first. */
export async function ensureKeySchema(db: GraphDatabase): Promise<void> {
  await db.schemaTransaction('apiKeySchema', keyConstraints);
}

/** Creates a key and returns it with its record; the key itself exists only in this return value. */
export async function createKey(db: GraphDatabase, input: { name: string; scopes: Scope[] }): Promise<{ key: string; record: KeyRecord }> {
  const name = KeyName.parse(input.name);
  const id = randomBytes(idBytes).toString('hex');
  const secret = randomBytes(secretBytes).toString('base64url');
  const { salt, hash } = await hashSecret(secret);
  try {
    const record = await db.writeTransaction(async (tx) => {
      const result = await tx.run(createKeyStatement.cypher, { id, name, scopes: input.scopes, salt, hash });
      return KeyRecord.parse(toPlain(result.records[0]?.get('key')));
    }, writeTimeoutMs);
    return { key: formatKey(id, secret), record };
  } catch (error) {
    if (isConstraintViolation(error)) throw new KeyNameTakenError(name);
    throw error;
  }
}

export async function listKeys(db: GraphDatabase): Promise<KeyRecord[]> {
  const rows = await db.read(listKeysStatement, { limit: db.int(keyListLimit) });
  return rows.map((row) => KeyRecord.parse(row.key));
}

/** Revokes the key with this name; undefined when there is none. Revoking twice keeps the first time. */
export async function revokeKey(db: GraphDatabase, name: string): Promise<{ record: KeyRecord; alreadyRevoked: boolean } | undefined> {
  return db.writeTransaction(async (tx) => {
    const result = await tx.run(revokeKeyStatement.cypher, { name });
    const record = result.records[0];
    if (!record) return undefined;
    return { record: KeyRecord.parse(toPlain(record.get('key'))), alreadyRevoked: record.get('alreadyRevoked') === true };
  }, writeTimeoutMs);
}

/** The live key with this id, for verification; undefined when it is unknown or revoked. */
export async function findLiveKey(db: GraphDatabase, id: string): Promise<StoredKey | undefined> {
  const [row] = await db.read(liveKeyStatement, { id });
  if (!row) return undefined;
  return {
    name: String(row.name),
    scopes: Array.isArray(row.scopes) ? row.scopes.map(String) : [],
    salt: String(row.salt),
    hash: String(row.hash),
  };
}
