// Quizzes generated from relations. The loader reads only the neighbourhood the rules need (the facts of a
// few concepts, candidates for wrong choices, and what the graph says around both); quiz-rules.ts decides.
// The statements and their row mapping are in quiz/statements.ts.
import { conceptNotFound } from '../errors.js';
import type { Catalogue } from './catalogue.js';
import type { GraphDatabase, ReadStatement } from './database.js';
import { strings } from './plain-rows.js';
import { type Fact, FactBase, hierarchyTypes } from './quiz/fact-base.js';
import { randomFrom } from './quiz/random.js';
import { type QuizStatements, quizStatements, toFact, toQuizConcept } from './quiz/statements.js';
import { type BuiltQuiz, buildQuizSteps, type Quiz } from './quiz-rules.js';
import { toRelations } from './relations.js';
import { nextTurn, runInSlices } from './slices.js';

export type QuizQuery = { concept?: string | undefined; count: number; seed: string };

/** Bounds of one quiz read: each grows with the request, never with the graph. */
export const quizLimits = {
  /** Concepts asked about when no concept is given (taken from a seeded point in id order). */
  sampledConcepts: 6,
  /** Facts read per concept asked about. */
  factsPerConcept: 40,
  /**
   * Wrong-choice candidates per end of a fact asked about: its kin (sharing an IS_A / PART_OF parent) and its
   * neighbours. Only near concepts are read: the distractor rule offers nothing else (quiz/distractors.ts).
   */
  kin: 12,
  near: 40,
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

/** Wrong-choice candidates of one end: its kin and its neighbours. */
type Candidates = { id: string; kin: string[]; near: string[] };

/** What one read unit brings back for the rules: rows as read, candidates and context already judged readable. */
type Neighbourhood = {
  focus: unknown;
  pool: unknown[];
  /** Ends of the pool's facts whose families and facts were read: only facts between two of them are asked. */
  askable: string[];
  candidates: Candidates[];
  context: Fact[];
  concepts: unknown[];
};

/** The reads of one quiz: inside one read unit, with the statements of the catalogue's types. */
interface QuizReads {
  read: ReadStatement;
  db: GraphDatabase;
  statements: QuizStatements;
  /** A letter from the seed: where in id order a whole-graph quiz starts. */
  pivot: string;
}

async function readPool({ read, db, statements, pivot }: QuizReads, concept: string | undefined): Promise<unknown[]> {
  const rows = await read(concept ? statements.poolOfConcept : statements.poolOfSample, {
    concept: concept ?? null,
    pivot,
    sample: db.int(quizLimits.sampledConcepts),
    perConcept: db.int(quizLimits.factsPerConcept),
    scanPerConcept: db.int(quizLimits.factsPerConcept * quizLimits.scanFactor),
  });
  return rows.map((row) => row.relation);
}

async function readCandidates({ read, db, statements }: QuizReads, ends: string[]): Promise<Candidates[]> {
  const rows = await read(statements.candidates, {
    ends,
    kin: db.int(quizLimits.kin),
    kinScan: db.int(quizLimits.kin * quizLimits.scanFactor),
    near: db.int(quizLimits.near),
    nearScan: db.int(quizLimits.near * quizLimits.scanFactor),
  });
  return rows.map((row) => ({ id: String(row.id), kin: strings(row.kin), near: strings(row.near) }));
}

/** The hierarchy facts of every judged concept, and each one's family (itself and what those facts reach). */
async function readFamilies({ read, db, statements }: QuizReads, judged: string[]) {
  const rows = await read(statements.hierarchy, { judged, paths: db.int(quizLimits.hierarchyPaths) });
  const facts: Fact[] = [];
  const familyOf = new Map<string, Set<string>>();
  for (const row of rows) {
    const id = String(row.id);
    const members = familyOf.get(id) ?? new Set([id]);
    for (const value of row.facts as unknown[]) {
      const fact = toFact(value);
      facts.push(fact);
      members.add(fact.subject).add(fact.object);
    }
    familyOf.set(id, members);
  }
  return { facts, family: (id: string) => familyOf.get(id) ?? new Set([id]) };
}

/**
 * Whose facts are read: around the ends and their families first (within `endsBudget`), then around
 * candidates and their families while `aroundBudget` lasts (`judged` starts with the ends). What does not fit
 * cannot be judged: a candidate is then not offered, and a fact with such an end is not asked.
 */
export function chooseAround(judged: string[], ends: ReadonlySet<string>, family: (id: string) => ReadonlySet<string>) {
  const around = new Set<string>();
  const judgeable = new Set<string>();
  for (const id of judged) {
    const members = [...family(id)].filter((member) => !around.has(member));
    const budget = ends.has(id) ? quizLimits.endsBudget : quizLimits.aroundBudget;
    if (around.size + members.length > budget) continue;
    for (const member of members) around.add(member);
    judgeable.add(id);
  }
  return { around: [...around], judgeable };
}

async function readAround({ read, db, statements }: QuizReads, around: string[]): Promise<Fact[]> {
  // One row per fact, not one list of them all: the driver decodes a record in one piece, and at 10k
  // concepts the list held thousands of facts.
  const rows = await read(statements.around, {
    around,
    perConcept: db.int(quizLimits.factsAround),
    scan: db.int(quizLimits.factsAround * quizLimits.scanFactor),
  });
  return rows.map((row) => toFact(row.fact));
}

/** Everything the rules need, in one read unit; undefined when the concept asked about does not exist. */
async function readNeighbourhood(reads: QuizReads, catalogue: Catalogue, query: QuizQuery, typed: boolean) {
  const { read, statements } = reads;
  const focus = query.concept ? (await read(statements.focus, { id: query.concept }))[0]?.concept : null;
  if (focus === undefined) return undefined;
  if (!typed) return { focus, pool: [], askable: [], candidates: [], context: [], concepts: [] } satisfies Neighbourhood;

  const pool = await readPool(reads, query.concept);
  const ends = [...new Set(toRelations(pool, catalogue).flatMap((r) => [r.subject.id, r.object.id]))];
  const candidates = await readCandidates(reads, ends);
  const judged = [...new Set([...ends, ...candidates.flatMap((c) => [...c.kin, ...c.near])])];
  const families = await readFamilies(reads, judged);
  const endSet = new Set(ends);
  const { around, judgeable } = chooseAround(judged, endSet, families.family);
  const context = [...families.facts, ...(await readAround(reads, around))];
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
    candidates: candidates.map((c) => ({ id: c.id, kin: judgeableOnly(c.kin), near: judgeableOnly(c.near) })),
    context,
    concepts,
  } satisfies Neighbourhood;
}

/**
 * Thousands of facts at 10k concepts (over ten thousand around a hub): filling the fact base and running the
 * rules is one piece of work in slices of a few milliseconds, so other requests are served in between.
 */
async function buildQuestions(loaded: Neighbourhood, catalogue: Catalogue, query: QuizQuery): Promise<BuiltQuiz> {
  await nextTurn();
  const pool = toRelations(loaded.pool, catalogue);
  const concepts = new Map(loaded.concepts.map(toQuizConcept).map((c) => [c.id, c]));
  const candidatesById = new Map(loaded.candidates.map((c) => [c.id, c]));
  const askable = new Set(loaded.askable);
  const symmetric = catalogue.relationTypes.filter((t) => t.symmetric).map((t) => t.key);
  return runInSlices(
    (function* () {
      const facts = yield* new FactBase(hierarchyTypes(catalogue), symmetric).add([
        ...loaded.context,
        ...pool.map((r) => ({ subject: r.subject.id, type: r.type, object: r.object.id })),
      ]);
      return yield* buildQuizSteps({
        catalogue,
        pool: pool.filter((r) => askable.has(r.subject.id) && askable.has(r.object.id)),
        facts,
        concepts,
        candidates: (id) => candidatesById.get(id) ?? { kin: [], near: [] },
        count: query.count,
        seed: query.seed,
      });
    })(),
  );
}

export async function generateQuiz(db: GraphDatabase, catalogue: Catalogue, query: QuizQuery): Promise<Quiz> {
  const descriptive = catalogue.typeExpression(catalogue.resolveTypes(undefined, 'descriptive'));
  const hierarchy = hierarchyTypes(catalogue);
  const hierarchyExpression = catalogue.typeExpression(catalogue.relationTypes.filter((t) => hierarchy.has(t.key)));
  const statements = quizStatements(descriptive, hierarchyExpression);
  // A letter from the seed picks where in id order a whole-graph quiz starts.
  const pivot = String.fromCharCode(97 + Math.floor(randomFrom(`${query.seed}:pivot`)() * 26));
  const typed = Boolean(descriptive && hierarchyExpression);
  const loaded = await db.readUnit((read) => readNeighbourhood({ read, db, statements, pivot }, catalogue, query, typed));
  if (!loaded) throw conceptNotFound(query.concept ?? '');

  const built = await buildQuestions(loaded, catalogue, query);
  const focus = loaded.focus ? toQuizConcept(loaded.focus) : null;
  return {
    seed: query.seed,
    concept: focus ? { id: focus.id, name: focus.name } : null,
    requested: query.count,
    available: built.available,
    questions: built.questions,
  };
}
