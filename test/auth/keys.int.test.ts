// The (:ApiKey) statements against the real Neo4j: what a key's node holds, names unique, revocation, lookup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, ensureKeySchema, findLiveKey, KeyNameTakenError, listKeys, parseKey, revokeKey } from '../../src/auth/keys.js';
import type { GraphDatabase } from '../../src/graph/database.js';
import { clearGraph, openTestDb } from '../helpers/app.js';

let db: GraphDatabase;

beforeAll(async () => {
  db = openTestDb();
  await clearGraph(db);
  await ensureKeySchema(db);
});
afterAll(async () => {
  await db?.driver.close();
});

describe('API keys in Neo4j', () => {
  it('stores a salted hash and never the key or its secret', async () => {
    const { key, record } = await createKey(db, { name: 'stored', scopes: ['read', 'write'] });
    const parts = parseKey(key);
    expect(parts?.id).toBe(record.id);
    expect(record).toMatchObject({ name: 'stored', scopes: ['read', 'write'], revokedAt: null });
    expect(record.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const [row] = await db.read('MATCH (k:ApiKey {name: $name}) RETURN properties(k) AS props', { name: 'stored' });
    const props = row?.props as Record<string, unknown>;
    expect(Object.keys(props).sort()).toEqual(['createdAt', 'hash', 'id', 'name', 'salt', 'scopes']);
    expect(JSON.stringify(props)).not.toContain(parts?.secret);
  });

  it('refuses a second key with a taken name, revoked or not', async () => {
    await createKey(db, { name: 'taken', scopes: ['read'] });
    await expect(createKey(db, { name: 'taken', scopes: ['write'] })).rejects.toBeInstanceOf(KeyNameTakenError);
    await revokeKey(db, 'taken');
    await expect(createKey(db, { name: 'taken', scopes: ['write'] })).rejects.toBeInstanceOf(KeyNameTakenError);
  });

  it('refuses a name outside the allowed characters before writing anything', async () => {
    await expect(createKey(db, { name: 'no spaces', scopes: ['read'] })).rejects.toThrow(/letters, digits/);
    expect((await listKeys(db)).map((key) => key.name)).not.toContain('no spaces');
  });

  it('lists keys by name without their hashes, and finds only keys not revoked', async () => {
    const { record } = await createKey(db, { name: 'listed', scopes: ['admin'] });
    const found = await findLiveKey(db, record.id);
    expect(found).toMatchObject({ name: 'listed', scopes: ['admin'], salt: expect.any(String), hash: expect.any(String) });

    const revoked = await revokeKey(db, 'listed');
    expect(revoked).toMatchObject({ alreadyRevoked: false, record: { name: 'listed', revokedAt: expect.stringMatching(/Z$/) } });
    expect(await findLiveKey(db, record.id)).toBeUndefined();
    const again = await revokeKey(db, 'listed');
    expect(again?.alreadyRevoked).toBe(true);
    expect(again?.record.revokedAt).toBe(revoked?.record.revokedAt);

    const listing = await listKeys(db);
    const names = listing.map((key) => key.name);
    expect(names).toEqual([...names].sort());
    expect(listing.find((key) => key.name === 'listed')).toEqual({ ...record, revokedAt: revoked?.record.revokedAt });
    expect(JSON.stringify(listing)).not.toMatch(/"(hash|salt)"/);
  });

  it('answers undefined for revoking or finding a key that does not exist', async () => {
    expect(await revokeKey(db, 'nobody')).toBeUndefined();
    expect(await findLiveKey(db, 'ffffffffffffffff')).toBeUndefined();
  });
});
