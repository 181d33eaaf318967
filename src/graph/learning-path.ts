// Learning paths: everything to understand before a target, ordered so each concept comes after its
// prerequisites, minus what the learner already knows (and what that knowledge rests on).
import { conceptNotFound } from '../errors.js';
import { must } from '../must.js';
import type { Catalogue } from './catalogue.js';
import { summaryProjection, toConceptSummary } from './concepts.js';
import { type GraphDatabase, valuesOf } from './database.js';
import type { ConceptSummary, Relation } from './model.js';
import { relationProjection, toRelations } from './relations.js';

export interface LearningStep {
  position: number;
  concept: ConceptSummary;
  /** The prerequisite relations that put this concept on the path: "X builds on <this concept>". */
  because: Relation[];
}

export interface LearningPath {
  target: ConceptSummary;
  known: ConceptSummary[];
  steps: LearningStep[];
  /** Prerequisites left out because a known concept already covers them. */
  skipped: ConceptSummary[];
}

/** Safety bound on prerequisite depth; the seed guarantees a DAG, this guards hand-edited graphs. */
const maxLevels = 64;

export async function learningPath(db: GraphDatabase, catalogue: Catalogue, target: string, known: string[]): Promise<LearningPath> {
  const order = catalogue.learningOrderType;
  return db.readTransaction(async (tx) => {
    const ids = [target, ...known];
    const found = await tx.run(`MATCH (c:Concept) WHERE c.id IN $ids RETURN ${summaryProjection} AS concept`, { ids });
    const summaries = new Map(
      found.records.map((r) => {
        const summary = toConceptSummary(db.plain(r.get('concept')));
        return [summary.id, summary] as const;
      }),
    );
    for (const id of ids) if (!summaries.has(id)) throw conceptNotFound(id);
    if (!order)
      return {
        target: must(summaries.get(target), 'concept'),
        known: known.map((id) => must(summaries.get(id), 'concept')),
        steps: [],
        skipped: [],
      };

    /** Prerequisite relations reachable from `start`, level by level. */
    const closure = async (start: string[]): Promise<Relation[]> => {
      const edges: Relation[] = [];
      const seen = new Set(start);
      let frontier = start;
      for (let level = 0; level < maxLevels && frontier.length > 0; level++) {
        const result = await tx.run(
          `MATCH (a:Concept)-[r:\`${order.key}\`]->(b:Concept) WHERE a.id IN $frontier
           WITH a, r, b ORDER BY r.id LIMIT 5000
           RETURN ${relationProjection} AS relation`,
          { frontier },
        );
        const found = toRelations(valuesOf(result, 'relation'), catalogue);
        edges.push(...found);
        frontier = [...new Set(found.map((e) => e.object.id))].filter((id) => !seen.has(id));
        for (const id of frontier) seen.add(id);
      }
      return edges;
    };

    const edges = await closure([target]);
    const covered = new Set(known);
    for (const edge of await closure(known)) covered.add(edge.object.id);

    const needed = new Set(edges.map((e) => e.object.id).filter((id) => !covered.has(id) && id !== target));
    const skipped = [...new Set(edges.map((e) => e.object.id))].filter((id) => covered.has(id) && !known.includes(id));

    // Kahn's algorithm over the needed concepts; among those ready, alphabetical for a stable order.
    const prerequisitesOf = new Map<string, Set<string>>([...needed].map((id) => [id, new Set<string>()]));
    for (const edge of edges) {
      if (needed.has(edge.subject.id) && needed.has(edge.object.id)) must(prerequisitesOf.get(edge.subject.id), 'get').add(edge.object.id);
    }
    const ordered: string[] = [];
    const done = new Set<string>();
    while (ordered.length < needed.size) {
      const ready = [...needed].filter((id) => !done.has(id) && [...must(prerequisitesOf.get(id), 'get')].every((p) => done.has(p))).sort();
      if (ready.length === 0) break; // a cycle in a hand-edited graph: stop rather than loop
      for (const id of ready) {
        ordered.push(id);
        done.add(id);
      }
    }

    const names = await tx.run(`MATCH (c:Concept) WHERE c.id IN $ids RETURN ${summaryProjection} AS concept`, {
      ids: [...needed, ...skipped],
    });
    for (const record of names.records) {
      const summary = toConceptSummary(db.plain(record.get('concept')));
      summaries.set(summary.id, summary);
    }
    return {
      target: must(summaries.get(target), 'concept'),
      known: known.map((id) => must(summaries.get(id), 'concept')),
      steps: ordered.map((id, index) => ({
        position: index + 1,
        concept: must(summaries.get(id), 'concept'),
        because: edges.filter((e) => e.object.id === id && (e.subject.id === target || needed.has(e.subject.id))),
      })),
      skipped: skipped.sort().map((id) => must(summaries.get(id), 'concept')),
    };
  });
}
