// A seed the size of the generated 10k-concept graph's relations is validated in full, and a problem deep
// inside it is still reported with its file, line and entry. No timing here: bench/seed-scale.ts measures.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGraph } from '../../bench/generate-graph.js';
import { findCycle, loadSeed, type SeedIssue, SeedValidationError } from '../../src/seed/load.js';

let dir: string;
beforeAll(async () => {
  dir = await generateGraph(2_000, 20_000);
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function issuesOf(folder: string): Promise<SeedIssue[]> {
  try {
    await loadSeed(folder);
  } catch (error) {
    expect(error).toBeInstanceOf(SeedValidationError);
    return (error as SeedValidationError).issues;
  }
  throw new Error('the broken seed was accepted');
}

/** A copy of the generated seed with `file` changed line by line. */
async function brokenCopy(file: string, change: (lines: string[]) => void): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), 'seed-scale-'));
  for (const name of ['categories.yaml', 'sources.yaml', 'relation-types.yaml', 'concepts.yaml', 'relations.yaml']) {
    const text = await readFile(path.join(dir, name), 'utf8');
    if (name !== file) {
      await writeFile(path.join(copy, name), text);
      continue;
    }
    const lines = text.split('\n');
    change(lines);
    await writeFile(path.join(copy, name), lines.join('\n'));
  }
  return copy;
}

/** Index in `lines` of the n-th line starting with `prefix`. */
function nthLine(lines: string[], prefix: string, n: number): number {
  let seen = -1;
  const index = lines.findIndex((line) => line.startsWith(prefix) && ++seen === n);
  expect(index).toBeGreaterThan(0);
  return index;
}

describe('the seed at scale', () => {
  it('validates a generated seed of 2,000 concepts and 20,000 relations', { timeout: 60_000 }, async () => {
    const data = await loadSeed(dir);
    expect(data.concepts).toHaveLength(2_000);
    expect(data.relations).toHaveLength(20_000);
  });

  it('names file, line and entry of every problem deep inside it, all in one run', { timeout: 60_000 }, async () => {
    let objectLine = 0;
    let confidenceLine = 0;
    const copy = await brokenCopy('relations.yaml', (lines) => {
      objectLine = nthLine(lines, '    object: ', 15_000);
      lines[objectLine] = '    object: nowhere';
      confidenceLine = nthLine(lines, '    confidence: ', 17_500);
      lines[confidenceLine] = '    confidence: 0.95';
    });
    try {
      const issues = await issuesOf(copy);
      expect(issues).toEqual([
        expect.objectContaining({
          file: path.join(copy, 'relations.yaml'),
          line: objectLine + 1,
          entry: expect.stringMatching(/^relations\[15000\] \(\S+ [A-Z_]+ nowhere\)$/),
          message: "object 'nowhere' is not a concept id",
        }),
        expect.objectContaining({
          line: confidenceLine + 1,
          entry: expect.stringMatching(/^relations\[17500\] /),
          message: expect.stringMatching(/^confidence: must be one of/),
        }),
      ]);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('gives the lines yaml gives when the file leaves the fast reader’s subset', { timeout: 60_000 }, async () => {
    const breakIt = (lines: string[]) => {
      lines[nthLine(lines, '    category: ', 1_500)] = '    category: gadget';
      lines[nthLine(lines, '    tags:', 1_700) + 1] = '      - Not A Slug';
    };
    const plain = await brokenCopy('concepts.yaml', breakIt);
    // A document start marker puts the file outside the subset: the same data, read by `yaml`, one line lower.
    const full = await brokenCopy('concepts.yaml', (lines) => {
      breakIt(lines);
      lines.unshift('---');
    });
    try {
      const fast = await issuesOf(plain);
      const slow = await issuesOf(full);
      expect(fast).toHaveLength(2);
      expect(fast.map((issue) => ({ ...issue, file: '', line: (issue.line ?? 0) + 1 }))).toEqual(
        slow.map((issue) => ({ ...issue, file: '' })),
      );
    } finally {
      await rm(plain, { recursive: true, force: true });
      await rm(full, { recursive: true, force: true });
    }
  });

  it('finds prerequisite cycles in a chain too deep for recursion', () => {
    const chain = Array.from({ length: 100_000 }, (_, i) => ({ subject: `c${i + 1}`, object: `c${i}` }));
    expect(findCycle(chain)).toBeUndefined();
    const cycle = findCycle([...chain, { subject: 'c0', object: 'c100000' }]);
    expect(cycle).toHaveLength(100_002);
    expect(cycle?.[0]).toBe(cycle?.at(-1));
  });
});
