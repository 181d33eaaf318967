// Writes over HTTP: create, update (JSON Merge Patch) and delete of concepts and relations. Each write is one
// transaction that takes the graph's write lock, checks the client's precondition against the version it
// read, validates the element by the seed's rules in its neighbourhood, writes it exactly as the seed would,
// records a revision and stamps a new graph version (so every cached reply, in every replica, is replaced).
// Statements are few because each is a round trip: one begins (lock, version, the element), one reads the
// neighbourhood when the rules need it, one writes the element with its revision.
import type { ManagedTransaction } from 'neo4j-driver';
import { conceptNotFound, ProblemError, relationNotFound } from '../../errors.js';
import { conceptProperties, relationProperties, row } from '../../seed/rows.js';
import { type ConceptDef, ConceptsFile, provenanceOf, type RelationDef, RelationsFile } from '../../seed/schema.js';
import type { GraphDatabase } from '../database.js';
import { newGraphVersion } from '../graph-version.js';
import { parseRelationId } from '../ids.js';
import { conceptFromProps, conceptRead, neighbourhoodOf, relationFromProps, relationKey, relationRead, relationsOf } from './elements.js';
import { applyMergePatch, type MergePatch } from './merge-patch.js';
import { beginRevision, type ElementKind, type ElementStatement, type RevisionOp, recordRevision } from './revisions.js';
import { type CatalogueFiles, type ChangedElement, checkElement, conceptChangeReachesRelations } from './validate.js';

const ConceptEntry = ConceptsFile.shape.concepts.element;
const RelationEntry = RelationsFile.shape.relations.element;

export interface WriteContext {
  db: GraphDatabase;
  catalogue: CatalogueFiles;
  /** Name of the key making the write, recorded in its revision. */
  by: string;
  /** Check and compute the write, then roll it back: what it would do, and nothing written (MCP's propose). */
  dryRun?: boolean;
}

/** Thrown by a dry run's last step so the transaction rolls back; carries what the write would have done. */
class DryRunOutcome<T> extends Error {
  constructor(readonly result: WriteResult<T>) {
    super('dry run');
  }
}

/** Runs one write in its own transaction; a dry run's outcome comes back as its result, with nothing committed. */
async function inTransaction<T>(ctx: WriteContext, work: (tx: ManagedTransaction) => Promise<WriteResult<T>>): Promise<WriteResult<T>> {
  try {
    return await ctx.db.writeTransaction(work, curationLimits.transactionTimeoutMs);
  } catch (error) {
    if (error instanceof DryRunOutcome) return error.result as WriteResult<T>;
    throw error;
  }
}

/** The client's precondition: the ETag it read, checked against the element's ETag at the version before the write. */
export interface Precondition {
  ifMatch: string;
  /** The element's current ETag, given the graph version (the reply cache derives ETags from it). */
  etagAt: (version: string) => string;
}

export interface WriteResult<T> {
  element: T | null;
  before: T | null;
  /** The graph version the write started from (the version a precondition is checked against). */
  previousVersion: string;
  seq: number;
  version: string;
}

/** How many of a concept's relations the rules look at, and how many a refused delete names. */
export const curationLimits = {
  maxRelationsChecked: 500,
  relationsNamed: 20,
  /** A write touches one element and its neighbourhood: it never needs long, and holds the graph's write lock. */
  transactionTimeoutMs: 10_000,
};

export class PreconditionFailedError extends ProblemError {
  constructor(detail: string) {
    super('PRECONDITION_FAILED', detail);
  }
}

function ifMatchHolds(header: string, current: string): boolean {
  if (header.trim() === '*') return true;
  // Strong comparison (RFC 9110 §13.1.1): a weak tag never matches.
  return header.split(',').some((tag) => tag.trim() === current);
}

function checkPrecondition(precondition: Precondition | undefined, previousVersion: string, what: string): void {
  if (!precondition) return;
  const current = precondition.etagAt(previousVersion);
  if (!ifMatchHolds(precondition.ifMatch, current)) {
    throw new PreconditionFailedError(
      `${what} changed since that ETag was read (the graph is now at ${current}); GET it again and retry with the new ETag.`,
    );
  }
}

function invalid(problems: { path: string; message: string; fix?: string }[], prefix: string[] = []): ProblemError {
  const errors = problems.map((p) => ({
    in: 'body',
    path: [...prefix, ...(p.path ? p.path.split('.') : [])].join('.'),
    message: p.fix ? `${p.message} (${p.fix})` : p.message,
  }));
  const cycle = problems.find((p) => p.message.includes('form a cycle'));
  return new ProblemError('VALIDATION_FAILED', errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; '), {
    errors,
    ...(cycle ? { cycle: cycle.message.split(': ').at(-1)?.split(' -> ') } : {}),
  });
}

async function validateElement(ctx: WriteContext, tx: ManagedTransaction, changed: ChangedElement, before: ConceptDef | null = null) {
  if (changed.kind === 'concept' && !conceptChangeReachesRelations(before, changed.concept)) {
    const problems = checkElement(ctx.catalogue, { concepts: [], relations: [] }, changed);
    if (problems.length > 0) throw invalid(problems);
    return;
  }
  const types = ctx.catalogue.relationTypes;
  const chainTypes: string[] = [];
  if (changed.kind === 'relation') {
    const type = types.find((t) => t.key === changed.relation.type);
    if (type?.learningOrder) chainTypes.push(type.key, ...types.filter((t) => t.hierarchy).map((t) => t.key));
    if (type?.excludesParts) chainTypes.push(type.excludesParts);
  }
  const around = await neighbourhoodOf(tx, changed, { chainTypes, maxRelations: curationLimits.maxRelationsChecked });
  const problems = checkElement(ctx.catalogue, around, changed);
  if (problems.length > 0) throw invalid(problems);
}

/** A body parsed by the seed's entry schema; a failure names the fields, as the seed's loader does. */
function parseEntry<T>(
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw invalid(parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })));
}

async function commit<T>(
  ctx: WriteContext,
  tx: ManagedTransaction,
  { seq, previousVersion }: { seq: number; previousVersion: string },
  change: { kind: ElementKind; op: RevisionOp; target: string; before: T | null; after: T | null },
  write: ElementStatement,
): Promise<WriteResult<T>> {
  const version = newGraphVersion({ seq, target: change.target });
  await recordRevision(
    tx,
    { seq, by: ctx.by, ...change, before: change.before as object | null, after: change.after as object | null },
    version,
    write,
  );
  const result = { element: change.after, before: change.before, previousVersion, seq, version };
  if (ctx.dryRun) throw new DryRunOutcome(result);
  return result;
}

function conceptWrite(ctx: WriteContext, concept: ConceptDef): ElementStatement {
  const written = row(concept.id, conceptProperties(concept, provenanceOf(ctx.catalogue.sources)(concept.sources)));
  return { cypher: 'MERGE (n:Concept {id: $key}) SET n += $props, n.seedHash = $hash, n.seedOwned = true', params: { ...written } };
}

/** Creates the relation, or updates the one with its id; the type comes from the catalogue, never the request. */
function relationWrite(ctx: WriteContext, relation: RelationDef, op: 'create' | 'update'): ElementStatement {
  const props = relationProperties(relation, provenanceOf(ctx.catalogue.sources)(relation.sources));
  const written = row(String(props.id), props);
  const type = ctx.catalogue.relationTypes.find((t) => t.key === relation.type)?.key ?? '';
  const set = `SET r.id = $props.id, r.confidence = $props.confidence, r.sources = $props.sources,
     r.provenance = $props.provenance, r.askedAsEn = $props.askedAsEn, r.askedAsKo = $props.askedAsKo,
     r.seedHash = $hash, r.seedOwned = true`;
  return {
    cypher:
      op === 'create'
        ? `MATCH (a:Concept {id: $props.subject}), (b:Concept {id: $props.object}) CREATE (a)-[r:$($type)]->(b) ${set}`
        : `MATCH (:Concept {id: $props.subject})-[r]->(:Concept {id: $props.object}) WHERE r.id = $props.id ${set}`,
    params: { ...written, type },
  };
}

const asConcept = (props: Record<string, unknown> | null) => (props ? conceptFromProps(props) : null);
const asRelation = (props: Record<string, unknown> | null) => (props ? relationFromProps(props) : null);

export function createConcept(ctx: WriteContext, body: unknown): Promise<WriteResult<ConceptDef>> {
  const concept = parseEntry(ConceptEntry, body);
  return inTransaction(ctx, async (tx) => {
    const revision = await beginRevision(tx, conceptRead(concept.id));
    if (revision.element) {
      throw new ProblemError(
        'CONCEPT_EXISTS',
        `A concept with id '${concept.id}' exists; change it with PATCH /v1/concepts/${concept.id}.`,
      );
    }
    await validateElement(ctx, tx, { kind: 'concept', concept });
    const change = { kind: 'concept', op: 'create', target: concept.id, before: null, after: concept } as const;
    return commit(ctx, tx, revision, change, conceptWrite(ctx, concept));
  });
}

function notFound(kind: ElementKind, id: string): ProblemError {
  return kind === 'concept' ? conceptNotFound(id) : relationNotFound(id);
}

export function updateConcept(
  ctx: WriteContext,
  id: string,
  patch: MergePatch,
  precondition: Precondition,
): Promise<WriteResult<ConceptDef>> {
  return inTransaction(ctx, async (tx) => {
    const revision = await beginRevision(tx, conceptRead(id));
    const before = asConcept(revision.element);
    if (!before) throw notFound('concept', id);
    checkPrecondition(precondition, revision.previousVersion, `Concept '${id}'`);
    const concept = parseEntry(ConceptEntry, applyMergePatch(before, patch));
    if (concept.id !== id) throw invalid([{ path: 'id', message: `the id cannot change (it is '${id}'); create a new concept instead` }]);
    await validateElement(ctx, tx, { kind: 'concept', concept }, before);
    const change = { kind: 'concept', op: 'update', target: id, before, after: concept } as const;
    return commit(ctx, tx, revision, change, conceptWrite(ctx, concept));
  });
}

export function deleteConcept(ctx: WriteContext, id: string, precondition: Precondition): Promise<WriteResult<ConceptDef>> {
  return inTransaction(ctx, async (tx) => {
    const revision = await beginRevision(tx, conceptRead(id));
    const before = asConcept(revision.element);
    if (!before) throw notFound('concept', id);
    checkPrecondition(precondition, revision.previousVersion, `Concept '${id}'`);
    const related = await relationsOf(tx, id, curationLimits.relationsNamed + 1);
    if (related.length > 0) {
      const named = related.slice(0, curationLimits.relationsNamed);
      throw new ProblemError(
        'CONCEPT_HAS_RELATIONS',
        `Concept '${id}' still has relations (${named.join(', ')}${related.length > named.length ? ', …' : ''}); delete them first.`,
        { relations: named },
      );
    }
    const change = { kind: 'concept', op: 'delete', target: id, before, after: null } as const;
    return commit(ctx, tx, revision, change, { cypher: 'MATCH (c:Concept {id: $id}) DELETE c', params: { id } });
  });
}

export function createRelation(ctx: WriteContext, body: unknown): Promise<WriteResult<RelationDef>> {
  const relation = parseEntry(RelationEntry, body);
  const id = relationKey(relation);
  return inTransaction(ctx, async (tx) => {
    const revision = await beginRevision(tx, relationRead(id));
    if (revision.element) {
      throw new ProblemError('RELATION_EXISTS', `Relation '${id}' exists; change it with PATCH /v1/relations/${id}.`);
    }
    await validateElement(ctx, tx, { kind: 'relation', relation });
    const change = { kind: 'relation', op: 'create', target: id, before: null, after: relation } as const;
    return commit(ctx, tx, revision, change, relationWrite(ctx, relation, 'create'));
  });
}

export function updateRelation(
  ctx: WriteContext,
  id: string,
  patch: MergePatch,
  precondition: Precondition,
): Promise<WriteResult<RelationDef>> {
  return inTransaction(ctx, async (tx) => {
    const revision = await beginRevision(tx, relationRead(id));
    const before = asRelation(revision.element);
    if (!before) throw notFound('relation', id);
    checkPrecondition(precondition, revision.previousVersion, `Relation '${id}'`);
    const relation = parseEntry(RelationEntry, applyMergePatch(before, patch));
    if (relationKey(relation) !== id) {
      throw invalid([
        { path: '', message: 'subject, type and object identify a relation and cannot change; delete it and create the new one' },
      ]);
    }
    await validateElement(ctx, tx, { kind: 'relation', relation });
    const change = { kind: 'relation', op: 'update', target: id, before, after: relation } as const;
    return commit(ctx, tx, revision, change, relationWrite(ctx, relation, 'update'));
  });
}

export function deleteRelation(ctx: WriteContext, id: string, precondition: Precondition): Promise<WriteResult<RelationDef>> {
  return inTransaction(ctx, async (tx) => {
    const revision = await beginRevision(tx, relationRead(id));
    const before = asRelation(revision.element);
    if (!before) throw notFound('relation', id);
    checkPrecondition(precondition, revision.previousVersion, `Relation '${id}'`);
    const { subject, object } = parseRelationId(id);
    const change = { kind: 'relation', op: 'delete', target: id, before, after: null } as const;
    return commit(ctx, tx, revision, change, {
      cypher: 'MATCH (:Concept {id: $subject})-[r]->(:Concept {id: $object}) WHERE r.id = $id DELETE r',
      params: { id, subject, object },
    });
  });
}
