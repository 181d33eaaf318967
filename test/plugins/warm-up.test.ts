// The warm-up sends every statement shape twice (planned on the first run, expressions compiled on a later
// one); the second pass must reach Neo4j, so none of its URLs may repeat the first's (the reply cache would
// answer it).
import { describe, expect, it } from 'vitest';
import { warmUpRequests } from '../../src/plugins/warm-up.js';

const routeOf = (url: string) => url.split('?')[0]?.replace(/\/v1\/concepts\/[^/]+/, '/v1/concepts/:id');

describe('warm-up requests', () => {
  const types = ['USES', 'PART_OF', 'REQUIRES'];
  const [first, second] = [warmUpRequests(['runc', 'containerd'], types, 0), warmUpRequests(['runc', 'containerd'], types, 1)];

  it('cover the same routes in both passes, with no URL repeated', () => {
    expect(second).toHaveLength(first.length);
    expect(new Set(second.map(routeOf))).toEqual(new Set(first.map(routeOf)));
    expect(first.filter((url) => second.includes(url))).toEqual([]);
  });

  it('send each relation type anchored at either end and unanchored', () => {
    for (const type of types) {
      expect(first.filter((url) => url.includes(`type=${type}`))).toHaveLength(3);
    }
  });
});
