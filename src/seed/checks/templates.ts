// Relation-type phrasings: every template renders and chains in both languages, and exactly one type is the
// learning order.
import { templateProblems } from '../../graph/sentences.js';
import type { CheckInput } from './context.js';

export function checkTemplates({ data, report, known }: CheckInput, schemaDroppedTypes: boolean): void {
  const learningTypes = data.relationTypes.filter((type) => type.learningOrder);
  if (known.relationTypes && !schemaDroppedTypes && learningTypes.length !== 1) {
    report(
      'relationTypes',
      ['relationTypes'],
      'relationTypes',
      `exactly one type must have learningOrder: true (found ${learningTypes.length})`,
      'mark the prerequisite type (REQUIRES) with learningOrder: true',
    );
  }
  data.relationTypes.forEach((type, index) => {
    const entry = `relationTypes[${index}] (key: ${type.key})`;
    for (const direction of ['forward', 'inverse'] as const) {
      for (const language of ['en', 'ko'] as const) {
        for (const problem of templateProblems(type[direction][language], language, direction)) {
          report(
            'relationTypes',
            ['relationTypes', index, direction, language],
            entry,
            `${direction}.${language} "${type[direction][language]}" ${problem}`,
          );
        }
      }
    }
  });
}
