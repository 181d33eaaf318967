// The quiz loader's Cypher and the mapping of its rows: the facts asked about, wrong-choice candidates, and
// what the graph says around both (families along the hierarchy, the facts touching them).
import { statement } from '../database.js';
import { type Props, strings } from '../plain-rows.js';
import { relationMap } from '../relations.js';
import type { Fact, QuizConcept } from './fact-base.js';
import { quizTuning } from './tuning.js';

const conceptFields = 'c { .id, .nameEn, .nameKo, .aliasesEn, .aliasesKo, .category }';

export function toQuizConcept(value: unknown): QuizConcept {
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
export const toFact = (value: unknown): Fact => {
  const [subject, type, object] = value as [string, string, string];
  return { subject, type, object };
};

/** The concept asked about, and the facts to ask: the concept's own, or those of a few from a seeded point. */
function poolStatements(descriptive: string) {
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
  };
}

/**
 * Wrong-choice candidates of each end: its kin (what shares an IS_A / PART_OF parent with it) and its neighbours
 * (what any fact links to it): near in the graph, which is what makes a wrong choice plausible.
 */
function candidateStatements(descriptive: string, hierarchy: string) {
  return {
    candidates: statement(
      'quiz-candidates',
      `UNWIND $ends AS id
       MATCH (e:Concept {id: id})
       CALL (e) {
         OPTIONAL MATCH (e)-[:${hierarchy}]->(:Concept)<-[:${hierarchy}]-(k:Concept)
         WITH DISTINCT k WHERE k <> e LIMIT $kinScan
         WITH k ORDER BY k.id LIMIT $kin
         RETURN collect(k.id) AS kin
       }
       CALL (e) {
         OPTIONAL MATCH (e)-[:${descriptive}]-(n:Concept)
         WITH DISTINCT n WHERE n <> e LIMIT $nearScan
         WITH n ORDER BY n.id LIMIT $near
         RETURN collect(n.id) AS near
       }
       RETURN e.id AS id, kin, near`,
    ),
  };
}

/** What the rules judge with: families along the hierarchy, the facts around them, and the names of all. */
function contextStatements(descriptive: string, hierarchy: string) {
  return {
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

/**
 * The statements of one quiz; relationship types come from the catalogue (descriptive and hierarchy types).
 * Each cut (LIMIT) follows an order by id, taken from at most `scanFactor` times as many rows read in Neo4j's
 * own order (which changes with every load), and facts come back in id order: the same seed then gives the
 * same quiz on any store holding the same graph, wherever those rows hold everything (the whole seed) and no
 * family has more hierarchy paths than `quizLimits.hierarchyPaths` (whose kept paths are the first found).
 */
export function quizStatements(descriptive: string, hierarchy: string) {
  return { ...poolStatements(descriptive), ...candidateStatements(descriptive, hierarchy), ...contextStatements(descriptive, hierarchy) };
}

export type QuizStatements = ReturnType<typeof quizStatements>;
