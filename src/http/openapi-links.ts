// OpenAPI links: how a value in one reply feeds a parameter of another operation (a concept found by search
// is read by id, its relations and neighbourhood are listed, a quiz or a learning path is built on it).
// Clients and tools that follow links, Schemathesis' stateful phase among them, walk the API as a user does.
import type { OpenApiLike } from './openapi-document.js';

interface Link {
  operationId: string;
  parameters: Record<string, string>;
  description: string;
}

/** The id of a concept each reply names, as a JSON pointer into its 200 body. */
const conceptIdIn: Record<string, { path: string; method: 'get' | 'post'; pointer: string; what: string }> = {
  listConcepts: { path: '/v1/concepts', method: 'get', pointer: '/items/0/id', what: 'the first concept listed' },
  getConcept: { path: '/v1/concepts/{id}', method: 'get', pointer: '/concept/id', what: 'this concept' },
  searchConcepts: { path: '/v1/search', method: 'get', pointer: '/items/0/concept/id', what: 'the best match' },
  listRelations: { path: '/v1/relations', method: 'get', pointer: '/items/0/subject/id', what: 'the subject of the first relation' },
  listConceptRelations: {
    path: '/v1/concepts/{id}/relations',
    method: 'get',
    pointer: '/items/0/object/id',
    what: 'the object of the first relation',
  },
};

/** Operations that take a concept id, and the parameter that takes it. */
const takesConcept: { operationId: string; parameter: string; verb: string }[] = [
  { operationId: 'getConcept', parameter: 'id', verb: 'Read' },
  { operationId: 'listConceptRelations', parameter: 'id', verb: 'List the relations of' },
  { operationId: 'getNeighborhood', parameter: 'id', verb: 'Draw the neighbourhood of' },
  { operationId: 'generateQuiz', parameter: 'concept', verb: 'Make a quiz about' },
  { operationId: 'getLearningPath', parameter: 'target', verb: 'Plan a learning path to' },
];

function linksFrom(source: string, pointer: string, what: string): Record<string, Link> {
  const links: Record<string, Link> = {};
  for (const target of takesConcept) {
    if (target.operationId === source) continue;
    links[target.operationId] = {
      operationId: target.operationId,
      parameters: { [target.parameter]: `$response.body#${pointer}` },
      description: `${target.verb} ${what}.`,
    };
  }
  return links;
}

/** Adds the links to each 200 reply that names a concept. Operations missing from the document are skipped. */
export function declareLinks<T extends OpenApiLike>(document: T): T {
  for (const [source, { path, method, pointer, what }] of Object.entries(conceptIdIn)) {
    const operation = document.paths?.[path]?.[method] as { responses?: Record<string, { links?: unknown }> } | undefined;
    const ok = operation?.responses?.['200'];
    if (ok) ok.links = linksFrom(source, pointer, what);
  }
  return document;
}
