// The numbers that tune question building, in one table (the loader's read bounds are quizLimits in quiz.ts).

/** Tuning of question building, in one place. */
export const quizTuning = {
  /** Wrong choices offered beside the right one. */
  wrongChoices: 3,
  /** Fewest wrong choices that still make a multiple-choice question. */
  minWrongChoices: 2,
  /** Steps followed up or down IS_A / PART_OF when deciding what is related to what. */
  hierarchyDepth: 4,
  /** A wrong-choice candidate linked to more concepts than this is a hub, tried after its equals (plausibility.ts). */
  hubFacts: 20,
  /** Only facts stated this surely become true/false questions (a 0.8 fact is not certain enough to grade). */
  trueFalseConfidence: 1,
} as const;
