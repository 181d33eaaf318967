// Confidence follows provenance: 1.0 means "stated in the notes", so a relation that cites no notes section stays
// at or below 0.8, and the notes cannot state a fact about a concept they never mention.
import { provenanceOf } from '../schema.js';
import { type CheckInput, entryLabel } from './context.js';

/** The highest confidence a relation may have without citing the notes (confidence levels, src/graph/model.ts). */
export const backgroundMaxConfidence = 0.8;

export function checkConfidence({ data, report }: CheckInput): void {
  const provenance = provenanceOf(data.sources);
  const conceptProvenance = new Map(data.concepts.map((concept) => [concept.id, provenance(concept.sources)]));
  data.relations.forEach((relation, index) => {
    const entry = entryLabel('relations', index, relation);
    if (provenance(relation.sources) === 'background') {
      if (relation.confidence > backgroundMaxConfidence) {
        report(
          'relations',
          ['relations', index, 'confidence'],
          entry,
          `confidence ${relation.confidence.toFixed(1)} is for facts stated in the notes, and this relation cites no notes section`,
          'use 0.8 (stated in the documentation cited) or 0.6 (background that connects concepts), or cite the notes section that states it',
        );
      }
      return;
    }
    for (const end of [relation.subject, relation.object]) {
      if (conceptProvenance.get(end) === 'background') {
        report(
          'relations',
          ['relations', index, 'sources'],
          entry,
          `cites the notes, but '${end}' is a concept the notes never mention (it cites only background pages), so the notes cannot state this fact`,
          'cite the background page that states it instead, with confidence 0.8 or 0.6, or cite the notes section in the concept too if it does mention it',
        );
        return;
      }
    }
  });
}
