// Text normalisation shared by the seed (which stores search keys) and search (which compares with them).

/** Folds case, width and separators so "Union FS", "union-fs" and "UnionFS" compare equal. */
export function normalizeTerm(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-_.·/(),:'"’]+/gu, '');
}

/** Edit distance counting an adjacent swap as one edit (optimal string alignment), for typo tolerance. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  // One flat row-major table; cells outside it read as 0, which the loops never reach.
  const d = new Uint16Array(rows * cols);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Edits a word of this length may contain and still count as a typo of a name (Lucene's fuzzy steps). */
export function typoAllowance(length: number): number {
  return length >= 7 ? 2 : length >= 4 ? 1 : 0;
}
