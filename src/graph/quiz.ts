// Quizzes generated from relations. The loader reads only the neighbourhood the rules need (the facts of a
// few concepts, candidates for wrong choices, and what the graph says around both); quiz-rules.ts decides.
import { conceptNotFound } from '../errors.js';
import type { Catalogue } from './catalogue.js';
import { type GraphDatabase, valuesOf } from './database.js';
import { buildQuiz, type Fact, FactBase, hierarchyTypes, type Quiz, type QuizConcept, quizTuning, randomFrom } from './quiz-rules.js';
import { relationMap, toRelations } from './relations.js';

export type QuizQuery = { concept?: string | undefined; count: number; seed: string };

/** Bounds of one quiz read: each grows with the request, never with the graph. */
export const quizLimits = {
  /** Concepts asked about when no concept is given (taken from a seeded point in id order). */
  sampledConcepts: 6,
  /** Facts read per concept asked about. */
  factsPerConcept: 40,
  /** Wrong-choice candidates: per possible answer of its kind, per category, and from anywhere. */
  kin: 10,
  peers: 30,
  others: 20,
  /** Hierarchy paths read up and down from each concept the rules judge, and facts read around each of them. */
  hierarchyPaths: 200,
  factsAround: 60,
} as const;

type Props = Record<string, unknown>;
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

const conceptFields = 'c { .id, .nameEn, .nameKo, .aliasesEn, .aliasesKo, .category }';

function toQuizConcept(value: unknown): QuizConcept {
  const c = value as Props;
  const id = String(c.id);
  const en = String(c.nameEn ?? id);
  return {
    id,
    name: { en, ko: String(c.nameKo ?? en) },
    aliases: { en: strings(c.aliasesEn), ko: strings(c.aliasesKo) },
    category: String(c.category ?? ''),
  };
}

export async function generateQuiz(db: GraphDatabase, catalogue: Catalogue, query: QuizQuery): Promise<Quiz> {
  const descriptive = catalogue.typeExpression(catalogue.resolveTypes(undefined, 'descriptive'));
  const hierarchy = hierarchyTypes(catalogue);
  const hierarchyExpression = catalogue.typeExpression(catalogue.relationTypes.filter((t) => hierarchy.has(t.key)));
  if (!hierarchyExpression) hierarchy.clear();
  // A letter from the seed picks where in id order a whole-graph quiz starts: an index seek, not a scan.
  const pivot = String.fromCharCode(97 + Math.floor(randomFrom(`${query.seed}:pivot`)() * 26));

  const loaded = await db.readTransaction(async (tx) => {
    const focus = query.concept
      ? await tx.run(`MATCH (c:Concept {id: $id}) RETURN ${conceptFields} AS concept`, { id: query.concept })
      : undefined;
    if (focus && focus.records.length === 0) return undefined;
    if (!descriptive || !hierarchyExpression)
      return { focus: focus ? valuesOf(focus, 'concept')[0] : null, pool: [], candidates: [], context: [], concepts: [] };

    // The concepts asked about: the one given, or a few from a seeded point in id order (an index seek, not a scan).
    const asked = query.concept
      ? 'MATCH (c:Concept {id: $concept})'
      : `CALL () {
           MATCH (c:Concept) WHERE c.id >= $pivot WITH c ORDER BY c.id LIMIT $sample RETURN c
           UNION
           MATCH (c:Concept) WHERE c.id < $pivot WITH c ORDER BY c.id LIMIT $sample RETURN c
         }
         WITH c ORDER BY c.id >= $pivot DESC, c.id LIMIT $sample`;
    const poolResult = await tx.run(
      `${asked}
       CALL (c) {
         MATCH (c)-[r:${descriptive}]-(:Concept)
         WITH DISTINCT r LIMIT $perConcept
         RETURN r
       }
       WITH DISTINCT r
       WITH r, startNode(r) AS a, endNode(r) AS b
       RETURN ${relationMap()} AS relation`,
      {
        concept: query.concept ?? null,
        pivot,
        sample: db.int(quizLimits.sampledConcepts),
        perConcept: db.int(quizLimits.factsPerConcept),
      },
    );
    const pool = valuesOf(poolResult, 'relation');
    const ends = [...new Set(toRelations(pool, catalogue).flatMap((r) => [r.subject.id, r.object.id]))];

    // Wrong-choice candidates: each end's kin (the other kinds of what it is a kind of), a few of each
    // category, and a few from anywhere; read per category, not per end, so the count stays small.
    const kinResult = await tx.run(
      `UNWIND $ends AS id
       MATCH (e:Concept {id: id})
       CALL (e) {
         OPTIONAL MATCH (e)-[:${hierarchyExpression}]->(:Concept)<-[:${hierarchyExpression}]-(k:Concept)
         WITH DISTINCT k WHERE k <> e LIMIT $kin
         RETURN collect(k.id) AS kin
       }
       RETURN e.id AS id, e.category AS category, kin`,
      { ends, kin: db.int(quizLimits.kin) },
    );
    const categories = [...new Set(kinResult.records.map((record) => String(record.get('category'))))];
    const peerResult = await tx.run(
      `UNWIND $categories AS category
       CALL (category) {
         MATCH (p:Concept) WHERE p.category = category
         WITH p LIMIT $peers
         RETURN collect(p.id) AS peers
       }
       RETURN category, peers`,
      { categories, peers: db.int(quizLimits.peers) },
    );
    const others = await tx.run('MATCH (c:Concept) WHERE c.id >= $pivot WITH c ORDER BY c.id LIMIT $others RETURN c.id AS id', {
      pivot,
      others: db.int(quizLimits.others),
    });
    const peersOf = new Map(peerResult.records.map((record) => [String(record.get('category')), strings(record.get('peers'))]));
    const candidates = kinResult.records.map((record) => {
      const id = String(record.get('id'));
      return {
        id,
        kin: strings(record.get('kin')),
        peers: (peersOf.get(String(record.get('category'))) ?? []).filter((peer) => peer !== id),
      };
    });
    const otherIds = others.records.map((record) => String(record.get('id')));
    const judged = [...new Set([...ends, ...candidates.flatMap((c) => [...c.kin, ...c.peers]), ...otherIds])];

    // The kinds, wholes, instances and parts of every concept the rules judge…
    const hierarchyResult = await tx.run(
      `UNWIND $judged AS id
       MATCH (n:Concept {id: id})
       CALL (n) {
         OPTIONAL MATCH p = (n)-[:${hierarchyExpression}*1..${quizTuning.hierarchyDepth}]->(:Concept)
         WITH p LIMIT $paths
         RETURN collect(p) AS up
       }
       CALL (n) {
         OPTIONAL MATCH p = (:Concept)-[:${hierarchyExpression}*1..${quizTuning.hierarchyDepth}]->(n)
         WITH p LIMIT $paths
         RETURN collect(p) AS down
       }
       UNWIND up + down AS p
       UNWIND relationships(p) AS h
       WITH DISTINCT n, h
       RETURN n.id AS id, { subject: startNode(h).id, type: type(h), object: endNode(h).id } AS fact`,
      { judged, paths: db.int(quizLimits.hierarchyPaths) },
    );
    const hierarchyFacts = valuesOf(hierarchyResult, 'fact') as Fact[];
    const around = [...new Set([...judged, ...hierarchyFacts.flatMap((fact) => [fact.subject, fact.object])])];
    // …and every fact touching them or their families: what the question's facts make plausible, and the
    // two-step chains (containerd uses runc, which uses cgroups) that make a candidate arguably right.
    const aroundResult = await tx.run(
      `UNWIND $around AS id
       MATCH (m:Concept {id: id})
       CALL (m) {
         MATCH (m)-[r:${descriptive}]-(:Concept)
         WITH r LIMIT $perConcept
         RETURN r
       }
       WITH DISTINCT r
       RETURN { subject: startNode(r).id, type: type(r), object: endNode(r).id } AS fact`,
      { around, perConcept: db.int(quizLimits.factsAround) },
    );
    const context = [...hierarchyFacts, ...(valuesOf(aroundResult, 'fact') as Fact[])];
    const named = [...new Set([...judged, ...context.flatMap((f) => [f.subject, f.object])])];
    const concepts = await tx.run(`UNWIND $ids AS id MATCH (c:Concept {id: id}) RETURN ${conceptFields} AS concept`, { ids: named });
    return {
      focus: focus ? valuesOf(focus, 'concept')[0] : null,
      pool,
      candidates: candidates.map((c) => ({ ...c, others: otherIds })),
      context,
      concepts: valuesOf(concepts, 'concept'),
    };
  });
  if (!loaded) throw conceptNotFound(query.concept ?? '');

  const pool = toRelations(loaded.pool, catalogue);
  const concepts = new Map(loaded.concepts.map(toQuizConcept).map((c) => [c.id, c]));
  const facts = new FactBase(
    [...loaded.context, ...pool.map((r) => ({ subject: r.subject.id, type: r.type, object: r.object.id }))],
    hierarchy,
    catalogue.relationTypes.filter((t) => t.symmetric).map((t) => t.key),
  );
  const candidatesById = new Map(loaded.candidates.map((c) => [c.id, c]));
  const built = buildQuiz({
    catalogue,
    pool,
    facts,
    concepts,
    candidates: (answer) => candidatesById.get(answer) ?? { kin: [], peers: [], others: [] },
    count: query.count,
    seed: query.seed,
  });
  const focus = loaded.focus ? toQuizConcept(loaded.focus) : null;
  return {
    seed: query.seed,
    concept: focus ? { id: focus.id, name: focus.name } : null,
    requested: query.count,
    available: built.available,
    questions: built.questions,
  };
}
