// Concepts as MCP resources: concept://{id} reads what GET /v1/concepts/{id} answers, resources/list names a
// bounded number of concepts, and id completion ranks what search finds (completion.ts).
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { getConcept, listConcepts } from '../graph/concepts.js';
import { type Concept, ConceptId } from '../graph/model.js';
import { searchConcepts } from '../graph/search.js';
import { toProblem } from '../plugins/error-handler.js';
import { restParameter, restSearchText } from './arguments.js';
import { rankIdCompletions } from './completion.js';
import type { GraphAccess } from './graph-access.js';

/** Bounds of what MCP handlers ask of the graph on their own (listing resources, completing ids). */
export const mcpLimits = {
  /** resources/list pages through concepts 100 at a time and stops here, however large the graph. */
  listedConcepts: 500,
  listPage: 100,
  completions: 10,
  /** Search hits read to rank completions (the most /v1/search returns), so every id starting with the text is among them. */
  completionCandidates: 50,
  /** Characters of the typed text searched for (the most /v1/search takes). */
  completionText: 200,
} as const;

/** MCP's code for "resource not found" (the SDK has no constant for it). */
const resourceNotFound = -32002;

/** A failure of a resource handler as an MCP error carrying the problem's detail. */
function internalError(access: GraphAccess, error: unknown, fallback: string): McpError {
  const { body, log } = toProblem(error);
  if (log !== 'info') access.log[log]({ err: error, code: body.code }, 'MCP resource request failed');
  return new McpError(ErrorCode.InternalError, body.detail || fallback);
}

function conceptResource(concept: Concept) {
  return {
    uri: `concept://${concept.id}`,
    name: concept.id,
    title: concept.name.en === concept.name.ko ? concept.name.en : `${concept.name.en} (${concept.name.ko})`,
    description: concept.summary.en,
    mimeType: 'application/json',
  };
}

/** Every concept in id order, page by page, up to `mcpLimits.listedConcepts`. */
async function listResources(access: GraphAccess) {
  const resources: ReturnType<typeof conceptResource>[] = [];
  try {
    await access.call(async ({ db, catalogue }) => {
      let cursor: string | undefined;
      do {
        const page = await listConcepts(db, await catalogue(), { limit: mcpLimits.listPage, cursor });
        resources.push(...page.items.map(conceptResource));
        cursor = page.nextCursor ?? undefined;
      } while (cursor && resources.length < mcpLimits.listedConcepts);
    });
  } catch (error) {
    throw internalError(access, error, 'listing concepts failed');
  }
  return { resources: resources.slice(0, mcpLimits.listedConcepts) };
}

/** Concept ids for the typed text, best first; nothing when search cannot answer it. */
async function completeId(access: GraphAccess, value: string): Promise<string[]> {
  const text = value.slice(0, mcpLimits.completionText).trim();
  if (text === '') return [];
  try {
    const hits = await access.call(async ({ db, catalogue }) =>
      searchConcepts(db, await catalogue(), restParameter(restSearchText, 'q', text), mcpLimits.completionCandidates),
    );
    return rankIdCompletions(
      value,
      hits.map((hit) => hit.concept),
      mcpLimits.completions,
    );
  } catch {
    return [];
  }
}

export function registerConceptResource(server: McpServer, access: GraphAccess): void {
  server.registerResource(
    'concept',
    new ResourceTemplate('concept://{id}', {
      list: () => listResources(access),
      complete: { id: (value) => completeId(access, value) },
    }),
    {
      title: 'Concept',
      description:
        'A concept with its names, summary, sources and relations in both languages, as JSON (the same as GET /v1/concepts/{id})',
      mimeType: 'application/json',
    },
    async (uri, variables) => {
      const id = Array.isArray(variables.id) ? variables.id[0] : variables.id;
      if (!ConceptId.safeParse(id).success) throw new McpError(ErrorCode.InvalidParams, `'${String(id)}' is not a concept id`);
      let detail: Awaited<ReturnType<typeof getConcept>>;
      try {
        detail = await access.call(async ({ db, catalogue }) => getConcept(db, await catalogue(), String(id)));
      } catch (error) {
        if (toProblem(error).body.code === 'CONCEPT_NOT_FOUND')
          throw new McpError(resourceNotFound, `No concept has the id '${String(id)}'`, { uri: uri.href });
        throw internalError(access, error, 'reading the concept failed');
      }
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(detail) }] };
    },
  );
}
