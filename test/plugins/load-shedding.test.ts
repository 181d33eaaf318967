import { describe, expect, it } from 'vitest';
import { shedsOnLag } from '../../src/plugins/load-shedding.js';

describe('lag shedding', () => {
  it('sheds data routes (REST and MCP) on a measured lag', () => {
    for (const cost of ['lookup', 'compute', 'stream', 'relay'] as const) expect(shedsOnLag(cost, 350)).toBe(true);
  });

  it('never sheds health, the explorer page, its assets or the docs', () => {
    for (const cost of ['health', 'static'] as const) expect(shedsOnLag(cost, 350)).toBe(false);
  });

  it('treats an Infinity reading (a window with no sample) as no measurement', () => {
    expect(shedsOnLag('lookup', Number.POSITIVE_INFINITY)).toBe(false);
  });
});
