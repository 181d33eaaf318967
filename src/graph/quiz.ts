// Quizzes generated from relations. The loader reads only the neighbourhood the rules need (the facts of a
// few concepts, candidates for wrong choices, and what the graph says around both); quiz-rules.ts decides.
import { conceptNotFound } from '../errors.js';
import type { Catalogue } from './catalogue.js';
import { type GraphDatabase, statement } from './database.js';
import { buildQuizSteps, type Fact, FactBase, hierarchyTypes, type Quiz, type QuizConcept, quizTuning, randomFrom } from './quiz-rules.js';
import { relationMap, toRelations } from './relations.js';
import { nextTurn, runInSlices } from './slices.js';

export type QuizQuery = { concept?: string | undefined; count: number; seed: string };

/** Bounds of one quiz read: each grows with the request, never with the graph. */
export const quizLimits = {
  /** Concepts asked about when no concept is given (taken from a seeded point in id order). */
  sampledConcepts: 6,
  /** Facts read per concept asked about. */
  factsPerConcept: 40,
  /** Wrong-choice candidates: per possible answer of its kind, per category, and from anywhere. */
  kin: 8,
  peers: 20,
  others: 12,
  /**
   * Hierarchy paths read up and down from each concept the rules judge, and facts read around each of them.
   * The seed's largest family (docker-engine: 23 paths down within four steps) fits whole; at 10k concepts
   * a hub's family is cut here instead of costing thousands of rows (PROFILE: 28k db hits at 100).
   */
  hierarchyPaths: 30,
  factsAround: 40,
  /**
   * Most concepts whose facts are read once candidates' families are added (the ends' have their own budget).
   * Above the seed's whole graph (101 concepts), so only larger graphs feel it; a quiz at 10k still finds
   * its questions with it (bench/db-hits.ts, bench/routes.ts), at a third of the reads of 400.
   */
  aroundBudget: 150,
  /**
   * Most concepts whose facts are read around the ends and their families, before any candidate's. At 10k
   * concepts the ends' families hold 280 concepts at the median, 540 at most (150 quizzes), so this only cuts
   * a graph whose hierarchy is deeper and wider than that (40 ends, 60 hierarchy paths each: thousands).
   */
  endsBudget: 600,
  /**
   * Each cut above is taken in id order from at most this many times as many rows, read in Neo4j's own order:
   * the same seed gives the same quiz on any store holding the same graph wherever that many rows hold them
   * all (every concept of the seed, all but a few hubs at 10k), and a hub still costs a bounded read.
   */
  scanFactor: 5,
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

// A fact travels as a list, [subject id, type, object id]: thousands of them at 10k concepts, and a list
// carries no keys for the driver to decode (a third less work than a map per fact).
const factTuple = (r: string) => `[startNode(${r}).id, type(${r}), endNode(${r}).id]`;
const toFact = (value: unknown): Fact => {
  const [subject, type, object] = value as [string, string, string];
  return { subject, type, object };
};

/**
 * The statements of one quiz; relationship types come from the catalogue (descriptive and hierarchy types).
 * Each cut (LIMIT) follows an order by id, taken from at most `scanFactor` times as many rows read in Neo4j's
 * own order (which changes with every load), and facts come back in id order: the same seed then gives the
 * same quiz on any store holding the same graph, wherever those rows hold everything (the whole seed) and no
 * family has more hierarchy paths than `quizLimits.hierarchyPaths` (whose kept paths are the first found).
 */
function quizStatements(descriptive: string, hierarchy: string) {
  const pool = (asked: string) => `
    ${asked}
    CALL (c) {
      MATCH (c)-[r:${descriptive}]-(:Concept)
      WITH DISTINCT r LIMIT $scanPerConcept
      WITH r ORDER BY r.id LIMIT $perConcept
      RETURN r
    }
    WITH DISTINCT r
    WITH r, startNode(r) AS a, endNode(r) AS b
    RETURN ${relationMap()} AS relation`;
  return {
    focus: statement('quiz-focus', `MATCH (c:Concept {id: $id}) RETURN ${conceptFields} AS concept`),
    poolOfConcept: statement('quiz-pool-concept', pool('MATCH (c:Concept {id: $concept})')),
    // A few concepts from a seeded point in id order: index seeks, not a scan.
    poolOfSample: statement(
      'quiz-pool-sample',
      pool(`CALL () {
              MATCH (c:Concept) WHERE c.id >= $pivot WITH c ORDER BY c.id LIMIT $sample RETURN c
              UNION
              MATCH (c:Concept) WHERE c.id < $pivot WITH c ORDER BY c.id LIMIT $sample RETURN c
            }
            WITH c ORDER BY c.id >= $pivot DESC, c.id LIMIT $sample`),
    ),
    // Wrong-choice candidates: each end's kin (the other kinds of what it is a kind of), a few of each
    // category, and a few from anywhere; read per category, not per end, so the count stays small.
    kin: statement(
      'quiz-kin',
      `UNWIND $ends AS id
       MATCH (e:Concept {id: id})
       CALL (e) {
         OPTIONAL MATCH (e)-[:${hierarchy}]->(:Concept)<-[:${hierarchy}]-(k:Concept)
         WITH DISTINCT k WHERE k <> e LIMIT $scan
         WITH k ORDER BY k.id LIMIT $kin
         RETURN collect(k.id) AS kin
       }
       RETURN e.id AS id, e.category AS category, kin`,
    ),
    peers: statement(
      'quiz-peers',
      `UNWIND $categories AS category
       CALL (category) {
         MATCH (p:Concept) WHERE p.category = category
         WITH p ORDER BY p.category, p.id LIMIT $peers
         RETURN collect(p.id) AS peers
       }
       RETURN category, peers`,
    ),
    others: statement('quiz-others', 'MATCH (c:Concept) WHERE c.id >= $pivot WITH c ORDER BY c.id LIMIT $others RETURN c.id AS id'),
    // The kinds, wholes, instances and parts of every concept the rules judge…
    hierarchy: statement(
      'quiz-hierarchy',
      `UNWIND $judged AS id
       MATCH (n:Concept {id: id})
       CALL (n) {
         OPTIONAL MATCH p = (n)-[:${hierarchy}*1..${quizTuning.hierarchyDepth}]->(:Concept)
         WITH p LIMIT $paths
         RETURN collect(p) AS up
       }
       CALL (n) {
         OPTIONAL MATCH p = (:Concept)-[:${hierarchy}*1..${quizTuning.hierarchyDepth}]->(n)
         WITH p LIMIT $paths
         RETURN collect(p) AS down
       }
       UNWIND up + down AS p
       UNWIND relationships(p) AS h
       WITH DISTINCT n, h ORDER BY h.id
       WITH n, collect(h) AS edges
       RETURN n.id AS id, [h IN edges | ${factTuple('h')}] AS facts`,
    ),
    // …and every fact touching them or their families: what the question's facts make plausible, and the
    // two-step chains (containerd uses runc, which uses cgroups) that make a candidate arguably right.
    around: statement(
      'quiz-around',
      `UNWIND $around AS id
       MATCH (m:Concept {id: id})
       CALL (m) {
         MATCH (m)-[r:${descriptive}]-(:Concept)
         WITH r LIMIT $scan
         WITH r ORDER BY r.id LIMIT $perConcept
         RETURN r
       }
       WITH DISTINCT r
       RETURN ${factTuple('r')} AS fact`,
    ),
    concepts: statement('quiz-concepts', `UNWIND $ids AS id MATCH (c:Concept {id: id}) RETURN ${conceptFields} AS concept`),
  };
}

export async function generateQuiz(db: GraphDatabase, catalogue: Catalogue, query: QuizQuery): Promise<Quiz> {
  const descriptive = catalogue.typeExpression(catalogue.resolveTypes(undefined, 'descriptive'));
  const hierarchy = hierarchyTypes(catalogue);
  const hierarchyExpression = catalogue.typeExpression(catalogue.relationTypes.filter((t) => hierarchy.has(t.key)));
  const statements = quizStatements(descriptive, hierarchyExpression);
  // A letter from the seed picks where in id order a whole-graph quiz starts.
  const pivot = String.fromCharCode(97 + Math.floor(randomFrom(`${query.seed}:pivot`)() * 26));

  const loaded = await db.readUnit(async (read) => {
    const focus = query.concept ? (await read(statements.focus, { id: query.concept }))[0]?.concept : null;
    if (focus === undefined) return undefined;
    if (!descriptive || !hierarchyExpression) return { focus, pool: [], askable: [], candidates: [], context: [], concepts: [] };

    const pool = (
      await read(query.concept ? statements.poolOfConcept : statements.poolOfSample, {
        concept: query.concept ?? null,
        pivot,
        sample: db.int(quizLimits.sampledConcepts),
        perConcept: db.int(quizLimits.factsPerConcept),
        scanPerConcept: db.int(quizLimits.factsPerConcept * quizLimits.scanFactor),
      })
    ).map((row) => row.relation);
    const ends = [...new Set(toRelations(pool, catalogue).flatMap((r) => [r.subject.id, r.object.id]))];

    const kinRows = await read(statements.kin, { ends, kin: db.int(quizLimits.kin), scan: db.int(quizLimits.kin * quizLimits.scanFactor) });
    const categories = [...new Set(kinRows.map((row) => String(row.category)))];
    const peerRows = await read(statements.peers, { categories, peers: db.int(quizLimits.peers) });
    const otherRows = await read(statements.others, { pivot, others: db.int(quizLimits.others) });
    const peersOf = new Map(peerRows.map((row) => [String(row.category), strings(row.peers)]));
    const otherIds = otherRows.map((row) => String(row.id));
    const candidates = kinRows.map((row) => {
      const id = String(row.id);
      return {
        id,
        kin: strings(row.kin),
        peers: (peersOf.get(String(row.category)) ?? []).filter((peer) => peer !== id),
        others: otherIds,
      };
    });
    const judged = [...new Set([...ends, ...candidates.flatMap((c) => [...c.kin, ...c.peers]), ...otherIds])];

    const hierarchyRows = await read(statements.hierarchy, { judged, paths: db.int(quizLimits.hierarchyPaths) });
    const hierarchyFacts: Fact[] = [];
    const familyOf = new Map<string, Set<string>>();
    for (const row of hierarchyRows) {
      const id = String(row.id);
      const members = familyOf.get(id) ?? new Set([id]);
      for (const value of row.facts as unknown[]) {
        const fact = toFact(value);
        hierarchyFacts.push(fact);
        members.add(fact.subject).add(fact.object);
      }
      familyOf.set(id, members);
    }
    const family = (id: string) => familyOf.get(id) ?? new Set([id]);
    // Facts are read around the ends and their families first (within `endsBudget`), then around candidates
    // and their families while `aroundBudget` lasts (`judged` starts with the ends). What does not fit cannot be
    // judged: a candidate is then not offered, and a fact with such an end is not asked.
    const aroundSet = new Set<string>();
    const judgeable = new Set<string>();
    const endSet = new Set(ends);
    for (const id of judged) {
      const members = [...family(id)].filter((member) => !aroundSet.has(member));
      const budget = endSet.has(id) ? quizLimits.endsBudget : quizLimits.aroundBudget;
      if (aroundSet.size + members.length > budget) continue;
      for (const member of members) aroundSet.add(member);
      judgeable.add(id);
    }
    const around = [...aroundSet];
    // One row per fact, not one list of them all: the driver decodes a record in one piece, and at 10k
    // concepts the list held thousands of facts.
    const aroundFacts = (
      await read(statements.around, {
        around,
        perConcept: db.int(quizLimits.factsAround),
        scan: db.int(quizLimits.factsAround * quizLimits.scanFactor),
      })
    ).map((row) => toFact(row.fact));
    const context = [...hierarchyFacts, ...aroundFacts];
    // Names for the ends, the candidates, and whatever the ends' facts point at (other right answers of a blank).
    const named = [
      ...new Set([...judged, ...context.flatMap((f) => (endSet.has(f.subject) ? [f.object] : endSet.has(f.object) ? [f.subject] : []))]),
    ];
    const concepts = (await read(statements.concepts, { ids: named })).map((row) => row.concept);
    const judgeableOnly = (ids: string[]) => ids.filter((id) => judgeable.has(id));
    return {
      focus,
      pool,
      askable: ends.filter((id) => judgeable.has(id)),
      candidates: candidates.map((c) => ({
        id: c.id,
        kin: judgeableOnly(c.kin),
        peers: judgeableOnly(c.peers),
        others: judgeableOnly(c.others),
      })),
      context,
      concepts,
    };
  });
  if (!loaded) throw conceptNotFound(query.concept ?? '');

  // Thousands of facts at 10k concepts (over ten thousand around a hub): filling the fact base and running the
  // rules is one piece of work in slices of a few milliseconds, so other requests are served in between.
  await nextTurn();
  const pool = toRelations(loaded.pool, catalogue);
  const concepts = new Map(loaded.concepts.map(toQuizConcept).map((c) => [c.id, c]));
  const candidatesById = new Map(loaded.candidates.map((c) => [c.id, c]));
  const askable = new Set(loaded.askable);
  const symmetric = catalogue.relationTypes.filter((t) => t.symmetric).map((t) => t.key);
  const built = await runInSlices(
    (function* () {
      const facts = yield* new FactBase(hierarchy, symmetric).add([
        ...loaded.context,
        ...pool.map((r) => ({ subject: r.subject.id, type: r.type, object: r.object.id })),
      ]);
      return yield* buildQuizSteps({
        catalogue,
        pool: pool.filter((r) => askable.has(r.subject.id) && askable.has(r.object.id)),
        facts,
        concepts,
        candidates: (answer) => candidatesById.get(answer) ?? { kin: [], peers: [], others: [] },
        count: query.count,
        seed: query.seed,
      });
    })(),
  );
  const focus = loaded.focus ? toQuizConcept(loaded.focus) : null;
  return {
    seed: query.seed,
    concept: focus ? { id: focus.id, name: focus.name } : null,
    requested: query.count,
    available: built.available,
    questions: built.questions,
  };
}
