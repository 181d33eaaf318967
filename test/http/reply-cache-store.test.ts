import { describe, expect, it } from 'vitest';
import { etagMatches, normalisedQuery, ReplyCacheStore } from '../../src/http/reply-cache-store.js';

const reply = (size: number) => ({ body: Buffer.alloc(size), contentType: 'application/json', etag: '"x"' });

describe('ReplyCacheStore', () => {
  it('counts hits and misses', () => {
    const store = new ReplyCacheStore(100_000);
    expect(store.get('a')).toBeUndefined();
    store.set('a', reply(10));
    expect(store.get('a')?.body.byteLength).toBe(10);
    expect(store.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
  });

  it('evicts the least recently used entries once over its byte budget', () => {
    const store = new ReplyCacheStore(4_000);
    store.set('a', reply(700));
    store.set('b', reply(700));
    store.get('a'); // a is now more recent than b
    store.set('c', reply(700));
    store.set('d', reply(700));
    store.set('e', reply(700));
    expect(store.stats().bytes).toBeLessThanOrEqual(4_000);
    expect(store.get('b')).toBeUndefined();
    expect(store.get('a')).toBeDefined();
    expect(store.get('d')).toBeDefined();
  });

  it('does not keep a reply larger than a quarter of the budget', () => {
    const store = new ReplyCacheStore(4_000);
    store.set('big', reply(2_000));
    expect(store.get('big')).toBeUndefined();
  });

  it('counts an entry as its body, its key and a fixed overhead', () => {
    const store = new ReplyCacheStore(100_000);
    store.set('ab', reply(10));
    store.set('cd', reply(20));
    expect(store.stats()).toMatchObject({ entries: 2, bytes: 10 + 20 + 2 * (2 + 256), maxBytes: 100_000 });
  });

  it('keeps the most recently used entries when resized smaller, and nothing once resized to 0', () => {
    const store = new ReplyCacheStore(100_000);
    for (const key of ['a', 'b', 'c', 'd']) store.set(key, reply(700));
    store.get('a'); // a is now the most recent
    store.resize(2_000); // room for two entries of 957 bytes
    expect(store.stats()).toMatchObject({ entries: 2, maxBytes: 2_000 });
    expect(store.get('a')).toBeDefined();
    expect(store.get('d')).toBeDefined();
    expect(store.get('b')).toBeUndefined();

    store.resize(0);
    store.set('e', reply(10));
    expect(store.get('a')).toBeUndefined();
    expect(store.get('e')).toBeUndefined();
    expect(store.stats()).toMatchObject({ entries: 0, bytes: 0, maxBytes: 0 });
  });
});

describe('normalisedQuery', () => {
  it('ignores parameter order', () => {
    expect(normalisedQuery({ b: '2', a: '1' })).toBe(normalisedQuery({ a: '1', b: '2' }));
    expect(normalisedQuery({ a: '1' })).not.toBe(normalisedQuery({ a: '2' }));
  });
});

describe('etagMatches', () => {
  it('compares weakly and accepts lists and *', () => {
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", "abc"', '"abc"')).toBe(true);
    expect(etagMatches('*', '"abc"')).toBe(true);
    expect(etagMatches('"abd"', '"abc"')).toBe(false);
  });
});
