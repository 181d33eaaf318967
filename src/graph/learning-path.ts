// Learning paths: everything to understand before a target, in an order a teacher would give it, minus what
// the learner already knows (and what that knowledge rests on). One statement reads the target's
// prerequisites; learning-order.ts orders them.
import { z } from 'zod';
import { conceptNotFound } from '../errors.js';
import { must } from '../must.js';
import type { Catalogue } from './catalogue.js';
import { toConceptSummary } from './concepts.js';
import { type GraphDatabase, statement } from './database.js';
import { orderLearningPath } from './learning-order.js';
import { Bilingual, ConceptSummary, Relation } from './model.js';
import { relationProjection, toRelations } from './relations.js';
import { inSentence, particle } from './sentences.js';

/** Bounds of one learning-path read: a path past these is reported as truncated, never silently cut. */
export const learningPathLimits = {
  /** Longest chain of prerequisites followed from the target or a known concept. */
  maxDepth: 32,
  /** Most prerequisite concepts read for one target. */
  maxConcepts: 400,
  /** Most prerequisite edges read among them. */
  maxEdges: 4000,
} as const;

export const LearningStep = z.object({
  position: z.number().int().describe('1 = learn first'),
  concept: ConceptSummary,
  distance: z.number().int().describe('Prerequisite steps between the target and this concept (1 = the target builds on it directly)'),
  because: z
    .array(Relation)
    .describe('The prerequisite relations that put this concept on the path: later steps (or the target) that build on it'),
  why: Bilingual.describe('The same, in one sentence: which later steps need this one'),
});

export const LearningPath = z.object({
  target: ConceptSummary,
  known: z.array(ConceptSummary),
  steps: z.array(LearningStep),
  skipped: z.array(ConceptSummary).describe('Prerequisites left out because a known concept rests on them (the known ones are in `known`)'),
  skippedAsKnown: z
    .number()
    .int()
    .describe('How many prerequisites of the target the path leaves out as known: known concepts on the path and everything beneath them'),
  omitted: z.number().int().describe('Steps left out by `maxSteps` (the farthest from the target go first)'),
  truncated: z
    .boolean()
    .describe(`True when the target has more than ${learningPathLimits.maxConcepts} prerequisites; the path is then incomplete`),
});
export type LearningPath = z.infer<typeof LearningPath>;

export type LearningPathQuery = { target: string; known: string[]; maxSteps?: number | undefined };

// The depth of a variable-length pattern cannot be a parameter; it comes from the table above.
const pathCypher = (type: string) => `
  MATCH (t:Concept {id: $target})
  CALL (t) {
    OPTIONAL MATCH (t)-[:${type}*1..${learningPathLimits.maxDepth}]->(n:Concept)
    WITH DISTINCT n LIMIT $maxConcepts
    RETURN collect(n) AS closure
  }
  CALL (t, closure) {
    UNWIND [t] + closure AS a
    MATCH (a)-[r:${type}]->(b:Concept)
    WITH a, r, b LIMIT $maxEdges
    RETURN collect(${relationProjection}) AS edges
  }
  CALL (closure) {
    UNWIND $known AS id
    MATCH (:Concept {id: id})-[:${type}*0..${learningPathLimits.maxDepth}]->(m:Concept)
    WITH DISTINCT m WHERE m IN closure
    RETURN collect(m.id) AS covered
  }
  CALL () {
    UNWIND $known AS id
    MATCH (c:Concept {id: id})
    RETURN collect(c { .id, .nameEn, .nameKo, .category }) AS known
  }
  RETURN t { .id, .nameEn, .nameKo, .category } AS target,
         [c IN closure | c { .id, .nameEn, .nameKo, .category }] AS concepts,
         edges, covered, known`;

// Without a learning-order type in the catalogue there is nothing to follow: the names alone.
const namesOnly = statement(
  'learning-path-names',
  `MATCH (t:Concept {id: $target})
   CALL () { UNWIND $known AS id MATCH (c:Concept {id: id}) RETURN collect(c { .id, .nameEn, .nameKo, .category }) AS known }
   RETURN t { .id, .nameEn, .nameKo, .category } AS target, [] AS concepts, [] AS edges, [] AS covered, known`,
);

type PathRow = { target: unknown; concepts: unknown[]; edges: unknown[]; covered: string[]; known: unknown[] };

export async function learningPath(db: GraphDatabase, catalogue: Catalogue, query: LearningPathQuery): Promise<LearningPath> {
  const known = query.known.filter((id) => id !== query.target);
  const order = catalogue.learningOrderType;
  const type = order ? catalogue.typeExpression([order]) : '';
  const rows = type
    ? await db.read(statement('learning-path', pathCypher(type)), {
        target: query.target,
        known,
        maxConcepts: db.int(learningPathLimits.maxConcepts + 1),
        maxEdges: db.int(learningPathLimits.maxEdges),
      })
    : await db.read(namesOnly, { target: query.target, known });
  const row = rows[0] as PathRow | undefined;
  if (!row) throw conceptNotFound(query.target);
  const knownSummaries = row.known.map(toConceptSummary);
  const missing = known.find((id) => !knownSummaries.some((k) => k.id === id));
  if (missing) throw conceptNotFound(missing);

  const truncated = row.concepts.length > learningPathLimits.maxConcepts;
  const summaries = new Map([row.target, ...row.concepts].map(toConceptSummary).map((c) => [c.id, c]));
  const relations = toRelations(row.edges, catalogue).filter((r) => summaries.has(r.object.id));
  const result = orderLearningPath({
    target: query.target,
    edges: relations.map((r) => ({ from: r.subject.id, to: r.object.id })),
    covered: new Set(row.covered),
    maxSteps: query.maxSteps,
  });

  const target = must(summaries.get(query.target), 'target');
  const positions = new Map(result.steps.map((step, index) => [step.id, index + 1]));
  const knownIds = new Set(known);
  return {
    target,
    known: known.map((id) =>
      must(
        knownSummaries.find((k) => k.id === id),
        'known concept',
      ),
    ),
    steps: result.steps.map((step, index) => {
      const users = step.neededBy.map((id) => must(summaries.get(id), 'concept'));
      return {
        position: index + 1,
        concept: must(summaries.get(step.id), 'concept'),
        distance: step.distance,
        because: step.neededBy.map((id) =>
          must(
            relations.find((r) => r.subject.id === id && r.object.id === step.id),
            'relation',
          ),
        ),
        why: whyNeeded(users.map((user) => ({ name: user.name, position: positions.get(user.id) }))),
      };
    }),
    skipped: result.skipped.filter((id) => !knownIds.has(id)).map((id) => must(summaries.get(id), 'concept')),
    skippedAsKnown: result.skipped.length,
    omitted: result.omitted,
    truncated,
  };
}

type User = { name: { en: string; ko: string }; position: number | undefined };

/** "Needed for step 4 (cgroups) and the target (libcontainer)" / "4단계 cgroups와 목표 libcontainer의 바탕이 된다". */
export function whyNeeded(users: User[]): { en: string; ko: string } {
  const en = users.map((u) =>
    u.position === undefined ? `the target (${inSentence(u.name.en)})` : `step ${u.position} (${inSentence(u.name.en)})`,
  );
  const ko = users.map((u) => (u.position === undefined ? `목표 ${u.name.ko}` : `${u.position}단계 ${u.name.ko}`));
  const last = users.at(-1);
  const enList = en.length <= 1 ? (en[0] ?? '') : `${en.slice(0, -1).join(', ')} and ${en.at(-1)}`;
  const koList =
    ko.length <= 1 || !last
      ? (ko[0] ?? '')
      : `${ko
          .slice(0, -2)
          .map((k) => `${k}, `)
          .join('')}${ko.at(-2)}${particle(must(users.at(-2), 'user').name.ko, '과(와)')} ${ko.at(-1)}`;
  return { en: `Needed for ${enList}`, ko: `${koList}의 바탕이 된다` };
}
