// The learned layer of a fact's score: a log-linear adjustment of the hand-structured score by named features
// (fact-score.ts), score' = score^scoreExponent × exp(Σ coefficient × feature + Σ tree(features)). The table is
// fitted by `npm run bench:fit-ranker` on the training questions only, and written to learned-weights.ts: first
// the coefficients (a softmax over each question's candidates, with an L2 penalty that keeps every coefficient
// near zero unless the training set says otherwise), then small regression trees boosted on top of them
// (LambdaRank), which read what a sum cannot: one feature mattering only when another holds, as link words do
// for a fact far from the question's concepts. An empty table leaves the hand-structured score as it is. Pure
// apart from which table is in use (useLearnedTable).
import { learnedWeights } from './learned-weights.js';

/** Named evidence about one candidate fact: 1 for a factor or a flag that applies, a number for a quantity. */
export type Features = Record<string, number>;

export interface LearnedTable {
  scoreExponent: number;
  coefficients: Readonly<Record<string, number>>;
  trees?: LearnedTrees;
}

/**
 * Regression trees over named features, their outputs summed. Each tree is its split nodes in arrays: node i
 * sends a candidate to `left[i]` when its value of `features[feature[i]]` (0 when not noted) is at most
 * `threshold[i]`, else to `right[i]`; a child below zero is the leaf `~child`, whose value is `leaf[~child]`.
 * Node 0 is the root; a tree without splits is its one leaf.
 */
export interface LearnedTrees {
  features: readonly string[];
  trees: readonly LearnedTree[];
}

export interface LearnedTree {
  feature: readonly number[];
  threshold: readonly number[];
  left: readonly number[];
  right: readonly number[];
  leaf: readonly number[];
}

/** The trees' summed output for one candidate's feature values (indexed as `features`). */
export function treesOutput(trees: readonly LearnedTree[], values: ArrayLike<number>): number {
  return compiled(trees).output(values);
}

/**
 * All trees in one set of typed arrays, node and leaf numbers global, each root a node (or a leaf, ~n): the
 * walk reads numbers, not objects, which is most of its cost per candidate.
 */
class CompiledTrees {
  private readonly roots: Int32Array;
  private readonly feature: Int32Array;
  private readonly threshold: Float64Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly leaf: Float64Array;

  constructor(trees: readonly LearnedTree[]) {
    const nodes = trees.reduce((n, tree) => n + tree.feature.length, 0);
    const leaves = trees.reduce((n, tree) => n + tree.leaf.length, 0);
    this.roots = new Int32Array(trees.length);
    this.feature = new Int32Array(nodes);
    this.threshold = new Float64Array(nodes);
    this.left = new Int32Array(nodes);
    this.right = new Int32Array(nodes);
    this.leaf = new Float64Array(leaves);
    let node = 0;
    let leaf = 0;
    trees.forEach((tree, t) => {
      const at = (child: number) => (child >= 0 ? node + child : ~(leaf + ~child));
      this.roots[t] = tree.feature.length > 0 ? node : ~leaf;
      for (let i = 0; i < tree.feature.length; i++) {
        this.feature[node + i] = tree.feature[i] ?? 0;
        this.threshold[node + i] = tree.threshold[i] ?? 0;
        this.left[node + i] = at(tree.left[i] ?? -1);
        this.right[node + i] = at(tree.right[i] ?? -1);
      }
      for (let i = 0; i < tree.leaf.length; i++) this.leaf[leaf + i] = tree.leaf[i] ?? 0;
      node += tree.feature.length;
      leaf += tree.leaf.length;
    });
  }

  output(values: ArrayLike<number>): number {
    let sum = 0;
    for (let t = 0; t < this.roots.length; t++) {
      let node = this.roots[t] as number;
      while (node >= 0)
        node = (
          (values[this.feature[node] as number] ?? 0) <= (this.threshold[node] as number) ? this.left[node] : this.right[node]
        ) as number;
      sum += this.leaf[~node] as number;
    }
    return sum;
  }
}

const compiledByTrees = new WeakMap<readonly LearnedTree[], CompiledTrees>();

function compiled(trees: readonly LearnedTree[]): CompiledTrees {
  let known = compiledByTrees.get(trees);
  if (!known) {
    known = new CompiledTrees(trees);
    compiledByTrees.set(trees, known);
  }
  return known;
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
  private readonly active = current.scoreExponent !== 1 || Object.keys(current.coefficients).length > 0 || current.trees !== undefined;
  /** The trees' features by name, and one candidate's values of them (those noted since the last reset). */
  private readonly slots = current.trees ? slotsOf(current.trees) : undefined;
  private readonly handSlot = this.slots?.get(handFeature) ?? -1;
  private readonly compiled = current.trees ? compiled(current.trees.trees) : undefined;
  private readonly values = new Float64Array(current.trees?.features.length ?? 0);
  /** The values a row is unpacked into for the trees: all 0 between rows. */
  private readonly treeValues = new Float64Array(current.trees?.features.length ?? 0);
  private readonly noted: number[] = [];
  /** Candidates kept for the trees (row), one after another. */
  private rows = new Float64Array(this.compiled ? 4096 : 0);
  private rowEnd = 0;
  features: Features | undefined;

  constructor(private readonly keep: boolean) {}

  reset(): void {
    this.sum = 0;
    for (const slot of this.noted) this.values[slot] = 0;
    this.noted.length = 0;
    this.features = this.keep ? {} : undefined;
  }

  note(name: string, value = 1): void {
    if (value === 0) return;
    if (this.active) this.sum += (this.table.coefficients[name] ?? 0) * value;
    const slot = this.slots?.get(name);
    if (slot !== undefined) {
      this.values[slot] = value;
      this.noted.push(slot);
    }
    if (this.features) this.features[name] = value;
  }

  /** The hand-structured score, adjusted: score^scoreExponent × exp(Σ coefficient × feature + Σ tree). */
  adjust(score: number): number {
    return this.linear(score) * this.treesFactor(this.row(score));
  }

  /** The coefficients' part alone, score^scoreExponent × exp(Σ coefficient × feature): what chooses the candidates the trees re-rank. */
  linear(score: number): number {
    return this.active ? Math.exp(this.table.scoreExponent * Math.log(Math.max(score, 1e-12)) + this.sum) : score;
  }

  /**
   * Keeps what the trees read of this candidate until the re-ranking, and returns where: the noted features'
   * slots and values in pairs, the score's logarithm among them, after their count, in one buffer for all of
   * this scorer's candidates. -1 when there are no trees.
   */
  row(score: number): number {
    if (!this.compiled) return -1;
    const size = 2 * this.noted.length + 3;
    if (this.rowEnd + size > this.rows.length) {
      const grown = new Float64Array(Math.max(2 * this.rows.length, this.rowEnd + size));
      grown.set(this.rows.subarray(0, this.rowEnd));
      this.rows = grown;
    }
    const start = this.rowEnd;
    const rows = this.rows;
    rows[start] = this.noted.length + 1;
    this.noted.forEach((slot, i) => {
      rows[start + 1 + 2 * i] = slot;
      rows[start + 2 + 2 * i] = this.values[slot] ?? 0;
    });
    rows[start + size - 2] = this.handSlot;
    rows[start + size - 1] = Math.log(Math.max(score, 1e-12));
    this.rowEnd += size;
    return start;
  }

  /** The trees' factor on the coefficients' score, exp(Σ tree), for the candidate kept at `row` (1 without trees). */
  treesFactor(row: number): number {
    if (!this.compiled || row < 0) return 1;
    const { rows, treeValues: values } = this;
    const end = row + 1 + 2 * (rows[row] ?? 0);
    for (let i = row + 1; i < end; i += 2) if ((rows[i] as number) >= 0) values[rows[i] as number] = rows[i + 1] as number;
    const output = this.compiled.output(values);
    for (let i = row + 1; i < end; i += 2) if ((rows[i] as number) >= 0) values[rows[i] as number] = 0;
    return Math.exp(output);
  }
}

/** The trees read the hand-structured score's logarithm under this name, beside the noted features. */
export const handFeature = 'hand';

const slotsByTrees = new WeakMap<LearnedTrees, Map<string, number>>();

function slotsOf(trees: LearnedTrees): Map<string, number> {
  let slots = slotsByTrees.get(trees);
  if (!slots) {
    slots = new Map(trees.features.map((name, i) => [name, i]));
    slotsByTrees.set(trees, slots);
  }
  return slots;
}

/** One score adjusted by a set of features at once (tests, and a reader checking the formula). */
export function adjustedScore(score: number, features: Features): number {
  const evidence = new Evidence(false);
  evidence.reset();
  for (const [name, value] of Object.entries(features)) evidence.note(name, value);
  return evidence.adjust(score);
}
