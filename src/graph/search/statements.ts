// Search's statements: the keyword lookup (exact and prefix keys), the first names pass sharing its round
// trip, and a full-text pass on names or summaries; each with and without a source filter.
import { conceptProjection } from '../concepts.js';
import { statement } from '../database.js';
import { conceptOfSource, type SourceFilter, whereIf } from '../source-filter.js';

// Exact and prefix matches of the normalised query against every name, alias and id, through the keyword
// index on searchKeys (one Lucene term per key), best (exact) first.
const keyedLookup = (source: SourceFilter) =>
  `CALL db.index.fulltext.queryNodes($keysIndex, $keysLucene, {limit: $keysLimit}) YIELD node AS c${whereIf(source, conceptOfSource('c'))}`;

export const searchKeysStatement = (source: SourceFilter) =>
  statement(`searchKeys${source ? 'FromSource' : ''}`, `${keyedLookup(source)} RETURN ${conceptProjection} AS concept`);

// The keyword lookup and the first full-text pass on names in one statement (one round trip): whether the query
// names a concept exactly (one of its search keys) picks the names query with or without fuzzy terms, as the
// two statements did in turn.
export const keysAndNamesStatement = (source: SourceFilter) =>
  statement(
    `searchKeysAndNames${source ? 'FromSource' : ''}`,
    `${keyedLookup(source)}
     WITH collect(c) AS keyed
     WITH keyed, any(c IN keyed WHERE $key IN c.searchKeys) AS named
     CALL (named) {
       CALL db.index.fulltext.queryNodes($namesIndex, CASE WHEN named THEN $plainLucene ELSE $fuzzyLucene END, {limit: $textLimit})
       YIELD node, score
       WITH node AS c, score${whereIf(source, conceptOfSource('c'))}
       RETURN collect([${conceptProjection}, score]) AS names
     }
     RETURN [c IN keyed | ${conceptProjection}] AS keyed, named, names`,
  );

export const fullTextStatement = (source: SourceFilter) =>
  statement(
    `searchFullText${source ? 'FromSource' : ''}`,
    `CALL db.index.fulltext.queryNodes($index, $lucene, {limit: $limit}) YIELD node, score
     WITH node AS c, score${whereIf(source, conceptOfSource('c'))}
     RETURN ${conceptProjection} AS concept, score`,
  );
