// The verifier's short memory of good keys: what it remembers, for how long, and that it never asks twice at once.
import { describe, expect, it } from 'vitest';
import { formatKey, hashSecret, type StoredKey, secretMatches } from '../../src/auth/keys.js';
import { KeyVerifier } from '../../src/auth/verifier.js';

const id = '00112233445566aa';
const secret = 'S'.repeat(43);
const key = formatKey(id, secret);

/** Keys kept in a Map standing in for the (:ApiKey) nodes; counts how often it was asked. */
async function keyStore() {
  const keys = new Map<string, StoredKey>([[id, { name: 'alice', scopes: ['write', 'unknown'], ...(await hashSecret(secret)) }]]);
  const store = {
    lookups: 0,
    keys,
    findKey: async (lookupId: string) => {
      store.lookups++;
      return keys.get(lookupId);
    },
  };
  return store;
}

describe('key verifier', () => {
  it('turns a good key into its principal, keeping only the scopes it knows', async () => {
    const store = await keyStore();
    const verifier = new KeyVerifier({ findKey: store.findKey });
    expect(await verifier.verify(key)).toEqual({ keyId: id, name: 'alice', scopes: ['write'] });
  });

  it('refuses a wrong secret, an unknown id and a malformed key; a malformed key is never looked up', async () => {
    const store = await keyStore();
    const verifier = new KeyVerifier({ findKey: store.findKey });
    expect(await verifier.verify(formatKey(id, 'T'.repeat(43)))).toBeUndefined();
    expect(await verifier.verify(formatKey('ffffffffffffffff', secret))).toBeUndefined();
    expect(store.lookups).toBe(2);
    expect(await verifier.verify('not-a-key')).toBeUndefined();
    expect(store.lookups).toBe(2);
    expect(verifier.cached(formatKey(id, 'T'.repeat(43)))).toBeUndefined();
  });

  it('remembers a good key for the cache time, then asks again, so a revocation takes effect', async () => {
    const store = await keyStore();
    const time = { now: 1_000_000 };
    const verifier = new KeyVerifier({ findKey: store.findKey, cacheTtlMs: 5_000, now: () => time.now });
    await verifier.verify(key);
    store.keys.delete(id); // revoked
    time.now += 4_999;
    expect(verifier.cached(key)?.name).toBe('alice');
    expect(await verifier.verify(key)).toBeDefined();
    expect(store.lookups).toBe(1);
    time.now += 1;
    expect(verifier.cached(key)).toBeUndefined();
    expect(await verifier.verify(key)).toBeUndefined();
    expect(store.lookups).toBe(2);
  });

  it('asks again after the cache time without repeating scrypt while the stored hash is the one the key matched', async () => {
    const store = await keyStore();
    const time = { now: 1_000_000 };
    const checks = { count: 0 };
    const verifier = new KeyVerifier({
      findKey: store.findKey,
      cacheTtlMs: 5_000,
      now: () => time.now,
      secretMatches: (secret, stored) => {
        checks.count++;
        return secretMatches(secret, stored);
      },
    });
    await verifier.verify(key);
    const stored = store.keys.get(id) as StoredKey;
    store.keys.set(id, { ...stored, scopes: ['read'] });
    time.now += 5_000;
    expect(await verifier.verify(key)).toEqual({ keyId: id, name: 'alice', scopes: ['read'] });
    expect([store.lookups, checks.count]).toEqual([2, 1]);
    // The key's record replaced (a new salt and hash): the remembered proof no longer applies, and the old secret fails.
    store.keys.set(id, { ...stored, ...(await hashSecret('N'.repeat(43))) });
    time.now += 5_000;
    expect(await verifier.verify(key)).toBeUndefined();
    expect(verifier.cached(key)).toBeUndefined();
    // A wrong secret for the same id never borrows the proof of the right one.
    store.keys.set(id, stored);
    expect(await verifier.verify(formatKey(id, 'T'.repeat(43)))).toBeUndefined();
  });

  it('shares one verification among concurrent requests with the same key', async () => {
    const store = await keyStore();
    const verifier = new KeyVerifier({ findKey: store.findKey });
    const principals = await Promise.all(Array.from({ length: 5 }, () => verifier.verify(key)));
    expect(principals.every((principal) => principal?.name === 'alice')).toBe(true);
    expect(store.lookups).toBe(1);
  });

  it('remembers at most cacheEntries keys', async () => {
    const store = await keyStore();
    const other = { id: '00112233445566bb', secret: 'O'.repeat(43) };
    store.keys.set(other.id, { name: 'bob', scopes: ['read'], ...(await hashSecret(other.secret)) });
    const verifier = new KeyVerifier({ findKey: store.findKey, cacheEntries: 1 });
    await verifier.verify(key);
    await verifier.verify(formatKey(other.id, other.secret));
    expect(verifier.cached(key)).toBeUndefined();
    expect(verifier.cached(formatKey(other.id, other.secret))?.name).toBe('bob');
  });
});
