// The learned layer of a fact's score: a log-linear adjustment read from a table.
import { afterEach, describe, expect, it } from 'vitest';
import { adjustedScore, identityTable, type LearnedTree, treesOutput, useLearnedTable } from '../../../src/graph/retrieval/learned.js';
import { learnedWeights } from '../../../src/graph/retrieval/learned-weights.js';

// Root: feature 1 at most 0.5 goes to leaf 0 (+1); above, node 1 splits feature 0 at -2: leaf 1 (-1) or leaf 2 (+2).
const tree: LearnedTree = { feature: [1, 0], threshold: [0.5, -2], left: [~0, ~1], right: [1, ~2], leaf: [1, -1, 2] };
const stump: LearnedTree = { feature: [], threshold: [], left: [], right: [], leaf: [0.25] };

describe('the learned adjustment', () => {
  afterEach(() => {
    useLearnedTable(learnedWeights);
  });

  it('leaves a score as it is under the identity table', () => {
    useLearnedTable(identityTable);
    expect(adjustedScore(0.37, { stated: 1, flow: -2 })).toBe(0.37);
  });

  it('raises the score to the exponent and multiplies it by exp(coefficient × feature), ignoring features it has no coefficient for', () => {
    useLearnedTable({ scoreExponent: 2, coefficients: { stated: 0.5, 'type:USES': -1 } });
    const expected = 0.5 ** 2 * Math.exp(0.5 * 1 - 1 * 1);
    expect(adjustedScore(0.5, { stated: 1, 'type:USES': 1, unknown: 7 })).toBeCloseTo(expected, 12);
  });

  it('orders facts the same way whatever the score scale, as a log-linear model does', () => {
    useLearnedTable({ scoreExponent: 1.1, coefficients: { stated: 0.3 } });
    const a = adjustedScore(2, { stated: 1 });
    const b = adjustedScore(2.5, {});
    expect(a > b).toBe(adjustedScore(20, { stated: 1 }) > adjustedScore(25, {}));
  });

  it('walks each tree to one leaf, left when the value is at most the threshold, and sums the leaves', () => {
    expect(treesOutput([tree], [0, 0.5])).toBe(1);
    expect(treesOutput([tree], [-2, 0.6])).toBe(-1);
    expect(treesOutput([tree], [-1.9, 0.6])).toBe(2);
    expect(treesOutput([tree, stump], [-1.9, 0.6])).toBe(2.25);
    expect(treesOutput([stump], [])).toBe(0.25);
  });

  it('adds the trees to the coefficients, the trees reading the log of the score as "hand" and absent features as 0', () => {
    useLearnedTable({ scoreExponent: 0.5, coefficients: { stated: 0.3 }, trees: { features: ['hand', 'stated'], trees: [tree] } });
    // stated (1) is above 0.5, and log 0.1 is below -2: leaf 1.
    expect(adjustedScore(0.1, { stated: 1, unknown: 3 })).toBeCloseTo(Math.exp(0.5 * Math.log(0.1) + 0.3 - 1), 12);
    // log 0.5 is above -2: leaf 2; without stated, leaf 0.
    expect(adjustedScore(0.5, { stated: 1 })).toBeCloseTo(Math.exp(0.5 * Math.log(0.5) + 0.3 + 2), 12);
    expect(adjustedScore(0.5, {})).toBeCloseTo(Math.exp(0.5 * Math.log(0.5) + 1), 12);
  });

  it('ships a fitted table, with trees whose every split names a feature and leads to a node or a leaf of its own', () => {
    expect(Object.keys(learnedWeights.coefficients).length).toBeGreaterThan(10);
    for (const value of [learnedWeights.scoreExponent, ...Object.values(learnedWeights.coefficients)])
      expect(Number.isFinite(value)).toBe(true);
    const trees = learnedWeights.trees!;
    expect(trees.trees.length).toBeGreaterThan(10);
    expect(trees.features[0]).toBe('hand');
    for (const { feature, threshold, left, right, leaf } of trees.trees) {
      expect(leaf.length).toBe(feature.length + 1);
      for (const f of feature) expect(trees.features[f]).toBeDefined();
      for (const t of [...threshold, ...leaf]) expect(Number.isFinite(t)).toBe(true);
      for (const child of [...left, ...right]) expect(child >= 0 ? child < feature.length : ~child < leaf.length).toBe(true);
    }
  });
});
