// The rate-limit counters: one answer per increment, each a snapshot, in fixed windows, with a bounded key count.
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BudgetStore } from '../../src/plugins/rate-limit.js';

function incr(store: BudgetStore, key: string, windowMs = 60_000) {
  let answer: { current: number; ttl: number } | undefined;
  store.incr(
    key,
    (_error, result) => {
      answer = result;
    },
    windowMs,
  );
  if (!answer) throw new Error('no answer');
  return answer;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('budget store', () => {
  it('gives each of several requests in the same tick its own count, not a counter that moves on', () => {
    const store = new BudgetStore();
    const answers = [incr(store, 'lookup|10.0.0.1'), incr(store, 'lookup|10.0.0.1'), incr(store, 'lookup|10.0.0.1')];
    expect(answers.map((answer) => answer.current)).toEqual([1, 2, 3]);
    expect(incr(store, 'lookup|10.0.0.2').current).toBe(1);
  });

  it('starts a new window once the last one has passed, and says how long the current one has left', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const store = new BudgetStore();
    expect(incr(store, 'k', 10_000)).toEqual({ current: 1, ttl: 10_000 });
    vi.setSystemTime(1_004_000);
    expect(incr(store, 'k', 10_000)).toEqual({ current: 2, ttl: 6_000 });
    vi.setSystemTime(1_010_000);
    expect(incr(store, 'k', 10_000)).toEqual({ current: 1, ttl: 10_000 });
  });

  it('keeps at most maxKeys counters, forgetting the least recently used', () => {
    const store = new BudgetStore(undefined, 2);
    incr(store, 'a');
    incr(store, 'b');
    incr(store, 'a'); // a is now the most recently used
    incr(store, 'c'); // b goes
    expect(incr(store, 'a').current).toBe(3);
    expect(incr(store, 'b').current).toBe(1);
  });
});

// The reason BudgetStore exists, kept as a canary: @fastify/rate-limit's LocalStore answers every increment with
// its live counter object, so answers read after an await all show the final count. When this test fails, the
// plugin answers snapshots and BudgetStore can be replaced by the plugin's own store (docs/architecture.md).
describe("the plugin's own LocalStore (canary for BudgetStore)", () => {
  it('still hands back one live counter to several increments in the same tick', () => {
    // The package ships no types for its store modules: loaded with require and given the one shape used here.
    const LocalStore = createRequire(import.meta.url)('@fastify/rate-limit/store/LocalStore.js') as new (
      continueExceeding: boolean,
      exponentialBackoff: boolean,
    ) => BudgetStore;
    const store = new LocalStore(false, false);
    const answers = [incr(store, 'lookup|10.0.0.1'), incr(store, 'lookup|10.0.0.1'), incr(store, 'lookup|10.0.0.1')];
    expect(answers.map((answer) => answer.current)).toEqual([3, 3, 3]);
  });
});
