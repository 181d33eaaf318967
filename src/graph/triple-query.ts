// The triple-pattern query over relations (GET /v1/relations, the MCP find_relations tool): any of subject,
// type and object may be left out, and each shape of pattern has the statement that reads it cheapest.

import type { Catalogue, RelationType } from './catalogue.js';
import { type GraphDatabase, type Params, type Statement, statement } from './database.js';
import type { Relation } from './model.js';
import { decodeCursor, type Page, toPage } from './pagination.js';
import { relationProjection, toRelations } from './relations.js';
import { andIf, relationOfSource, type SourceFilter, sourceScope } from './source-filter.js';

export interface TripleQuery {
  subject?: string | undefined;
  type?: string[] | undefined;
  object?: string | undefined;
  source?: SourceFilter;
  limit: number;
  cursor?: string | undefined;
}

// One statement per pattern shape, each anchored where an index helps (`$after` is '' on the first page):
// an end given -> the concept through the id index, then its relations only; no end -> the per-type
// relationship indexes on id, read in order and cut at the limit in every type before the merge.
const relationsFromEnd = {
  subject: (types: string, source: SourceFilter) =>
    statement(
      `findRelationsBySubject${source ? 'FromSource' : ''}`,
      `MATCH (a:Concept {id: $subject})-[r:${types}]-(b:Concept)
       WHERE (startNode(r) = a OR type(r) IN $symmetric) AND r.id > $after${andIf(source, relationOfSource())}
       WITH a, r, b ORDER BY r.id LIMIT $limit
       RETURN ${relationProjection} AS relation`,
    ),
  object: (types: string, source: SourceFilter) =>
    statement(
      `findRelationsByObject${source ? 'FromSource' : ''}`,
      `MATCH (b:Concept {id: $object})-[r:${types}]-(a:Concept)
       WHERE (endNode(r) = b OR type(r) IN $symmetric) AND r.id > $after${andIf(source, relationOfSource())}
       WITH a, r, b ORDER BY r.id LIMIT $limit
       RETURN ${relationProjection} AS relation`,
    ),
  both: (types: string, source: SourceFilter) =>
    statement(
      `findRelationsBetween${source ? 'FromSource' : ''}`,
      `MATCH (a:Concept {id: $subject}), (b:Concept {id: $object})
       MATCH (a)-[r:${types}]-(b)
       WHERE (startNode(r) = a OR type(r) IN $symmetric) AND r.id > $after${andIf(source, relationOfSource())}
       WITH a, r, b ORDER BY r.id LIMIT $limit
       RETURN ${relationProjection} AS relation`,
    ),
};

// One small statement per type: each reads its type's id index in order and stops at the limit, and its plan
// is cached on its own (a UNION over every type takes seconds to plan). The pages are merged in code.
// With a source, the per-type (provenance, id) index gives that source's relations in id order (sorted by both
// properties, which is id order for one provenance: the planner reads the index in order only when told so).
const typeListing = (key: string, source: SourceFilter) =>
  `MATCH ()-[r:\`${key}\`]->()
   WHERE r.id > $after AND startNode(r):Concept AND endNode(r):Concept${andIf(source, relationOfSource('r', 'startNode(r)', 'endNode(r)'))}
   WITH r ORDER BY ${source ? 'r.provenance, ' : ''}r.id LIMIT $limit`;
const relationsOfType = (key: string, source: SourceFilter) =>
  statement(
    `findRelationsByType${source ? 'FromSource' : ''}`,
    `${typeListing(key, source)}
     WITH r, startNode(r) AS a, endNode(r) AS b
     RETURN ${relationProjection} AS relation`,
  );
// For a listing across types: the keys alone (id and element id) of each type's first relations.
const relationKeysOfType = (key: string, source: SourceFilter) =>
  statement(`findRelationKeysByType${source ? 'FromSource' : ''}`, `${typeListing(key, source)} RETURN [r.id, elementId(r)] AS key`);

// The relations of a merged page, by the element ids their listings returned: a seek each. The id is checked
// too, so a relationship deleted in between (and its element id reused) is left out rather than mistaken.
const relationsByKey = statement(
  'findRelationsByKey',
  `UNWIND $keys AS key
   MATCH (a:Concept)-[r]->(b:Concept) WHERE elementId(r) = key[1] AND r.id = key[0]
   RETURN ${relationProjection} AS relation`,
);

/** How many per-type statements run at once for a listing across types. */
const typeListingConcurrency = 4;

const byId = (x: { id: string }, y: { id: string }) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);

async function relationsByType(
  db: GraphDatabase,
  types: RelationType[],
  source: SourceFilter,
  params: Params,
  retries = 1,
): Promise<unknown[]> {
  const limit = Number(params.limit);
  const [only] = types;
  if (types.length === 1 && only) {
    return (await db.read(relationsOfType(only.key, source), params)).map((row) => row.relation);
  }
  // Several types: each listing returns only the keys of its first `limit` relations (id and element id), the
  // keys are merged and cut to the page, and then only the page's relations are read whole: reading every
  // type's page whole would decode (types × limit) relations with their ends' names to keep `limit`.
  // Separate auto-commit reads, a few at a time: each has its own timeout, so the first listing after a
  // start (22 plans to compile) does not run out of time as one transaction would.
  const keys: { id: string; key: [string, string] }[] = [];
  const queue = [...types];
  await Promise.all(
    Array.from({ length: Math.min(typeListingConcurrency, queue.length) }, async () => {
      for (let type = queue.shift(); type; type = queue.shift()) {
        // Keys come from the catalogue (UPPER_SNAKE, checked when it was built), never from the request.
        for (const row of await db.read(relationKeysOfType(type.key, source), params)) {
          const key = row.key as [string, string];
          keys.push({ id: key[0], key });
        }
      }
    }),
  );
  const page = keys.sort(byId).slice(0, limit);
  if (page.length === 0) return [];
  const rows = await db.read(relationsByKey, { keys: page.map((entry) => entry.key) });
  // A relation gone between the two reads (a seed ran) would shorten the page and hide the next one: the
  // listing is read again, once; a graph still changing after that gives what it has.
  if (rows.length < page.length && retries > 0) return relationsByType(db, types, source, params, retries - 1);
  return rows.map((row) => row.relation as { id: string }).sort(byId);
}

function relationsFromEndStatement(catalogue: Catalogue, types: RelationType[], query: TripleQuery): Statement | undefined {
  if (query.subject && query.object) return relationsFromEnd.both(catalogue.typeExpression(types), query.source);
  if (query.subject) return relationsFromEnd.subject(catalogue.typeExpression(types), query.source);
  if (query.object) return relationsFromEnd.object(catalogue.typeExpression(types), query.source);
  return undefined;
}

/**
 * Triple-pattern query: any of subject, type and object may be left out. A symmetric relation matches
 * from either end when an end is given, and is then read from that end.
 */
export async function findRelations(db: GraphDatabase, catalogue: Catalogue, query: TripleQuery): Promise<Page<Relation>> {
  const types = catalogue.resolveTypes(query.type);
  const scope = `relations|${query.subject ?? ''}|${(query.type ?? []).join(',')}|${query.object ?? ''}${sourceScope(query.source)}`;
  const after = query.cursor ? decodeCursor(query.cursor, scope) : null;
  if (types.length === 0) return { items: [], nextCursor: null };
  const params = {
    subject: query.subject ?? null,
    object: query.object ?? null,
    symmetric: types.filter((t) => t.symmetric).map((t) => t.key),
    source: query.source ?? null,
    after: after ?? '',
    limit: query.limit + 1,
  };
  const fromEnd = relationsFromEndStatement(catalogue, types, query);
  const values = fromEnd
    ? (await db.read(fromEnd, { ...params, limit: db.int(params.limit) })).map((row) => row.relation)
    : await relationsByType(db, types, query.source, { ...params, limit: db.int(params.limit) });
  return toPage(toRelations(values, catalogue), query.limit, scope, (r) => r.id);
}
