// The learned layer of a fact's score: a log-linear adjustment of the hand-structured score by named features
// (fact-score.ts), score' = score^scoreExponent × exp(Σ coefficient × feature). The table is fitted by
// `npm run bench:fit-ranker` on the training questions only (a softmax over each question's candidates, with
// an L2 penalty that keeps every coefficient near zero unless the training set says otherwise) and written to
// learned-weights.ts. An empty table leaves the hand-structured score as it is. Pure apart from which table
// is in use (useLearnedTable).
import { learnedWeights } from './learned-weights.js';

/** Named evidence about one candidate fact: 1 for a factor or a flag that applies, a number for a quantity. */
export type Features = Record<string, number>;

export interface LearnedTable {
  scoreExponent: number;
  coefficients: Readonly<Record<string, number>>;
}

/** The identity: what the fit starts from and collects features under. */
export const identityTable: LearnedTable = { scoreExponent: 1, coefficients: {} };

let current: LearnedTable = learnedWeights;

/** Replaces the table (the fit, and tests, only); returns the one it replaced. Scorers made before keep theirs. */
export function useLearnedTable(next: LearnedTable): LearnedTable {
  const previous = current;
  current = next;
  return previous;
}

/**
 * The evidence about one candidate, summed as it is noted: Σ coefficient × value, and the named features
 * themselves only when something asked to see them (the fit). One per scorer, reset per candidate.
 */
export class Evidence {
  private sum = 0;
  private readonly table = current;
  private readonly active = current.scoreExponent !== 1 || Object.keys(current.coefficients).length > 0;
  features: Features | undefined;

  constructor(private readonly keep: boolean) {}

  reset(): void {
    this.sum = 0;
    this.features = this.keep ? {} : undefined;
  }

  note(name: string, value = 1): void {
    if (value === 0) return;
    if (this.active) this.sum += (this.table.coefficients[name] ?? 0) * value;
    if (this.features) this.features[name] = value;
  }

  /** The hand-structured score, adjusted: score^scoreExponent × exp(Σ coefficient × feature). */
  adjust(score: number): number {
    return this.active ? Math.exp(this.table.scoreExponent * Math.log(Math.max(score, 1e-12)) + this.sum) : score;
  }
}

/** One score adjusted by a set of features at once (tests, and a reader checking the formula). */
export function adjustedScore(score: number, features: Features): number {
  const evidence = new Evidence(false);
  evidence.reset();
  for (const [name, value] of Object.entries(features)) evidence.note(name, value);
  return evidence.adjust(score);
}
