import { describe, expect, it } from 'vitest';
import { shedsOnLag } from '../../src/plugins/load-shedding.js';

describe('lag shedding', () => {
  it('sheds data routes (REST and MCP) on a measured lag', () => {
    expect(shedsOnLag('/v1/retrieve', 350)).toBe(true);
    expect(shedsOnLag('/mcp', 350)).toBe(true);
  });

  it('never sheds health, the explorer page, its assets or the docs', () => {
    for (const url of ['/health/live', '/', '/explore/concept/runc', '/assets/app.js', '/docs']) expect(shedsOnLag(url, 350)).toBe(false);
  });

  it('treats an Infinity reading (a window with no sample) as no measurement', () => {
    expect(shedsOnLag('/v1/concepts/runc', Number.POSITIVE_INFINITY)).toBe(false);
  });
});
