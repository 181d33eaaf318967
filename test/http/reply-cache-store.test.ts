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
