import { describe, expect, it } from 'vitest';
import { GraphVersionTracker, newGraphVersion } from '../../src/graph/graph-version.js';

function counter(values: string[]) {
  let reads = 0;
  return {
    read: async () => {
      const value = values[Math.min(reads, values.length - 1)] ?? '';
      reads++;
      return value;
    },
    reads: () => reads,
  };
}

describe('GraphVersionTracker', () => {
  it('reads once within the maximum age, however many callers ask', async () => {
    let now = 0;
    const source = counter(['v1', 'v2']);
    const tracker = new GraphVersionTracker(source.read, 1_000, () => now);
    expect(await Promise.all([tracker.current(), tracker.current(), tracker.current()])).toEqual(['v1', 'v1', 'v1']);
    now = 999;
    expect(await tracker.current()).toBe('v1');
    expect(source.reads()).toBe(1);
  });

  it('reads again once the maximum age has passed, or at once after invalidate', async () => {
    let now = 0;
    const source = counter(['v1', 'v2', 'v3']);
    const tracker = new GraphVersionTracker(source.read, 1_000, () => now);
    await tracker.current();
    now = 1_000;
    expect(await tracker.current()).toBe('v2');
    tracker.invalidate();
    expect(await tracker.current()).toBe('v3');
  });

  it('keeps a failed read only for the maximum age, then asks again', async () => {
    let now = 0;
    let fail = true;
    const tracker = new GraphVersionTracker(
      async () => {
        if (fail) throw new Error('Neo4j is down');
        return 'v1';
      },
      1_000,
      () => now,
    );
    await expect(tracker.current()).rejects.toThrow('Neo4j is down');
    fail = false;
    await expect(tracker.current()).rejects.toThrow('Neo4j is down');
    now = 1_000;
    expect(await tracker.current()).toBe('v1');
  });
});

describe('newGraphVersion', () => {
  it('starts with a digest of the content and differs on every call', () => {
    const a = newGraphVersion({ concepts: [1] });
    const b = newGraphVersion({ concepts: [1] });
    expect(a.split('.')[0]).toBe(b.split('.')[0]);
    expect(a).not.toBe(b);
    expect(newGraphVersion({ concepts: [2] }).split('.')[0]).not.toBe(a.split('.')[0]);
  });
});
