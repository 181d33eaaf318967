// Every check of `seed --check`, one file per rule family; each reports through the same callback.
import { checkConfidence } from './confidence.js';
import type { CheckInput } from './context.js';
import { checkDomainAndRange } from './domain-range.js';
import { checkEnglishArticles } from './english-articles.js';
import { checkKoreanNames } from './korean-names.js';
import { checkLearningOrder } from './learning-order.js';
import { checkReferences } from './references.js';
import { checkTemplates } from './templates.js';

export type { CheckInput, FileKey, KnownIds, Report } from './context.js';
export { entryLabel } from './context.js';
export { categoryProblem } from './domain-range.js';
export { findCycle } from './learning-order.js';

/** Runs every check over the entries that passed the schema. */
export function runChecks(input: CheckInput, options: { schemaDroppedTypes: boolean }): void {
  checkReferences(input);
  checkTemplates(input, options.schemaDroppedTypes);
  checkConfidence(input);
  checkDomainAndRange(input);
  checkLearningOrder(input);
  checkKoreanNames(input);
  checkEnglishArticles(input);
}
