// The learned layer of a fact's score: a log-linear adjustment read from a table.
import { afterEach, describe, expect, it } from 'vitest';
import { adjustedScore, identityTable, useLearnedTable } from '../../../src/graph/retrieval/learned.js';
import { learnedWeights } from '../../../src/graph/retrieval/learned-weights.js';

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

  it('ships a fitted table', () => {
    expect(Object.keys(learnedWeights.coefficients).length).toBeGreaterThan(10);
    for (const value of [learnedWeights.scoreExponent, ...Object.values(learnedWeights.coefficients)])
      expect(Number.isFinite(value)).toBe(true);
  });
});
