// The seven MCP tools. Each calls the graph function its REST route calls (named in its description), with
// the route's checks and defaults (arguments.ts), and answers with the route's JSON; a failure is a tool error
// naming the problem code, as the route's problem+json reply would.
import { randomBytes } from 'node:crypto';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { getConcept } from '../graph/concepts.js';
import { learningPath } from '../graph/learning-path.js';
import { ConceptId } from '../graph/model.js';
import { type ExplainedPath, maxHopsLimit, shortestPaths } from '../graph/paths.js';
import { generateQuiz } from '../graph/quiz.js';
import { RetrieveRequest } from '../graph/retrieval/index.js';
import { searchConcepts } from '../graph/search.js';
import { findRelations } from '../graph/triple-query.js';
import { toProblem } from '../plugins/error-handler.js';
import {
  knownInput,
  restDefaults,
  restIdList,
  restKnownList,
  restParameter,
  restSearchText,
  restTypeList,
  restTypes,
  searchInput,
  sourceInput,
  typeInput,
  typesInput,
} from './arguments.js';
import type { GraphAccess } from './graph-access.js';

const readOnly = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;

/** A failure as a tool error: the problem the REST route would have answered, its code first in the text. */
export function toolError(access: GraphAccess, error: unknown): CallToolResult {
  const { body, log } = toProblem(error);
  if (log !== 'info') access.log[log]({ err: error, code: body.code }, 'MCP tool call failed');
  return {
    isError: true,
    content: [{ type: 'text', text: `${body.code}: ${body.detail}` }],
    structuredContent: { ...body, ...(access.requestId ? { requestId: access.requestId } : {}) },
  };
}

/**
 * A reply as a tool result: the JSON as structured content and as text (for clients that read only text), an
 * optional readable summary first.
 */
export async function toolResult<T extends object>(
  access: GraphAccess,
  reply: () => Promise<T>,
  summary?: (body: T) => string,
): Promise<CallToolResult> {
  let body: T;
  try {
    body = await reply();
  } catch (error) {
    return toolError(access, error);
  }
  const json = { type: 'text' as const, text: JSON.stringify(body) };
  return {
    content: summary ? [{ type: 'text', text: summary(body) }, json] : [json],
    structuredContent: body as Record<string, unknown>,
  };
}

function searchTool(server: McpServer, access: GraphAccess): void {
  server.registerTool(
    'search_concepts',
    {
      title: 'Search concepts',
      description:
        'Find concepts by name, alias, prefix, a small typo or words of their summaries, in English or Korean ("containerd", "도커 데몬", "저수준 런타임"). ' +
        "Returns concepts best first, each with a score from 0 to 1 and what matched. Use it to turn a user's words into concept ids for the other tools. " +
        'REST: GET /v1/search; query is its q (either name is accepted), limit and source are the same.',
      inputSchema: searchInput,
      annotations: { title: 'Search concepts', ...readOnly },
    },
    ({ query, q, limit, source }) =>
      toolResult(access, () =>
        access.call(async ({ db, catalogue }) => {
          const text = restParameter(restSearchText, 'q', query ?? q);
          return { items: await searchConcepts(db, await catalogue(), text, limit ?? restDefaults.searchLimit, source) };
        }),
      ),
  );
}

function conceptTool(server: McpServer, access: GraphAccess): void {
  server.registerTool(
    'get_concept',
    {
      title: 'Get a concept',
      description:
        'One concept by id: names, aliases and summary in English and Korean, category, tags, sources, and its outgoing and incoming relations ' +
        '(at most 100 each), every relation read as a sentence in both languages with its confidence and citations. An unknown id is an error. ' +
        'REST: GET /v1/concepts/{id}.',
      inputSchema: { id: ConceptId.describe('Concept id, a kebab-case slug such as containerd (find ids with search_concepts)') },
      annotations: { title: 'Get a concept', ...readOnly },
    },
    ({ id }) => toolResult(access, () => access.call(async ({ db, catalogue }) => getConcept(db, await catalogue(), id))),
  );
}

function relationsTool(server: McpServer, access: GraphAccess): void {
  server.registerTool(
    'find_relations',
    {
      title: 'Find relations (triple pattern)',
      description:
        'Relations matching a triple pattern subject –type→ object; leave out any part. {subject: "containerd", types: ["IMPLEMENTS"]} answers ' +
        '"what does containerd implement?"; {object: "runc"} answers "what points at runc?". Each relation comes with its sentence in both languages, ' +
        'confidence and sources. One page at a time: pass nextCursor back as cursor for the next. ' +
        'REST: GET /v1/relations; types is its comma-separated type (either form is accepted), the other arguments are the same.',
      inputSchema: {
        subject: ConceptId.optional().describe('Subject concept id'),
        types: typesInput,
        type: typeInput,
        object: ConceptId.optional().describe('Object concept id'),
        limit: z.number().int().min(1).max(100).optional().describe('Most relations returned (1–100, default 20)'),
        cursor: z.string().min(1).max(1000).optional().describe('nextCursor of the previous page, unchanged'),
        source: sourceInput,
      },
      annotations: { title: 'Find relations', ...readOnly },
    },
    ({ subject, types, type, object, limit, cursor, source }) =>
      toolResult(access, () =>
        access.call(async ({ db, catalogue }) => {
          const typeList = restParameter(restTypeList, 'type', restTypes(types, type));
          const query = { subject, type: typeList, object, source, limit: limit ?? restDefaults.relationsLimit, cursor };
          return findRelations(db, await catalogue(), query);
        }),
      ),
  );
}

function pathTool(server: McpServer, access: GraphAccess): void {
  server.registerTool(
    'explain_path',
    {
      title: 'Explain how two concepts are related',
      description:
        'The shortest chains of relations between two concepts (followed in either direction), most confident first, each told as one sentence ' +
        'in English and Korean ("runc is managed by containerd, which is used by Kubernetes") with the relations and their sources. ' +
        'By default learning-order relations (REQUIRES) are left out; name types to choose. No path within maxHops gives an empty list. ' +
        'REST: GET /v1/paths; types is its comma-separated type (either form is accepted), the other arguments are the same.',
      inputSchema: {
        from: ConceptId.describe('Start concept id'),
        to: ConceptId.describe('End concept id'),
        maxHops: z.number().int().min(1).max(maxHopsLimit).optional().describe(`Longest path considered (1–${maxHopsLimit}, default 4)`),
        limit: z.number().int().min(1).max(10).optional().describe('Most paths returned (1–10, default 3)'),
        types: typesInput,
        type: typeInput,
      },
      annotations: { title: 'Explain a path', ...readOnly },
    },
    ({ from, to, maxHops, limit, types, type }) =>
      toolResult(
        access,
        () =>
          access.call(async ({ db, catalogue }) => {
            const typeList = restParameter(restTypeList, 'type', restTypes(types, type));
            const query = { from, to, maxHops: maxHops ?? restDefaults.maxHops, limit: limit ?? restDefaults.pathsLimit, type: typeList };
            return { items: await shortestPaths(db, await catalogue(), query) };
          }),
        (body: { items: ExplainedPath[] }) =>
          body.items.length === 0
            ? `No path between ${from} and ${to} within the hop limit.`
            : body.items.map((path, i) => `${i + 1}. ${path.explanation.en}\n   ${path.explanation.ko}`).join('\n'),
      ),
  );
}

function retrieveTool(server: McpServer, access: GraphAccess): void {
  server.registerTool(
    'retrieve_facts',
    {
      title: 'Retrieve cited facts for a question',
      description:
        'Grounding for a free-text question in Korean or English: finds the concepts it names, ranks the relations around them and returns numbered ' +
        "facts with citations. The first text block is a ready-to-use context (facts with [n] markers, then the numbered sources) in the question's " +
        'language; the structured result has facts[] (sentence, subject, type, object, confidence, citations) and citations[]. ' +
        'A question about nothing in the graph returns no facts: then say the graph does not cover it. ' +
        'REST: POST /v1/retrieve, with the same body.',
      // The route's own request schema: the tool accepts exactly what POST /v1/retrieve accepts.
      inputSchema: RetrieveRequest.shape,
      annotations: { title: 'Retrieve facts', ...readOnly },
    },
    (request) =>
      toolResult(
        access,
        () => access.retrieve(request),
        (body) => body.context,
      ),
  );
}

function learningPathTool(server: McpServer, access: GraphAccess): void {
  server.registerTool(
    'learning_path',
    {
      title: 'Learning path to a concept',
      description:
        'Everything to understand before a target concept, in an order where each step comes after its own prerequisites, leaving out what the ' +
        'learner already knows and what that rests on. Each step names the prerequisite relations that put it on the path; skipped lists what known concepts cover. ' +
        'REST: GET /v1/learning-path, with the same names; known is an array here or, as in REST, ids separated by commas.',
      inputSchema: {
        target: ConceptId.describe('The concept to reach'),
        known: knownInput,
        maxSteps: z
          .number()
          .int()
          .min(1)
          .max(100)
          .optional()
          .describe('Just the essentials: keep only this many steps, the nearest to the target (1–100; default all)'),
      },
      annotations: { title: 'Learning path', ...readOnly },
    },
    ({ target, known, maxSteps }) =>
      toolResult(access, () =>
        access.call(async ({ db, catalogue }) => {
          const knownIds = restParameter(restKnownList.optional(), 'known', restIdList(known)) ?? [];
          return learningPath(db, await catalogue(), { target, known: knownIds, maxSteps });
        }),
      ),
  );
}

function quizTool(server: McpServer, access: GraphAccess): void {
  server.registerTool(
    'make_quiz',
    {
      title: 'Make a quiz',
      description:
        'Quiz questions generated from the graph: multiple choice, true/false and fill-in-the-blank, in English and Korean, each with its answer, ' +
        'the fact behind it and its citation; wrong choices are checked against the graph. The same seed gives the same quiz; the reply names the seed used. ' +
        'REST: GET /v1/quiz, with the same names.',
      inputSchema: {
        concept: ConceptId.optional().describe('Ask about this concept; leave out for the whole graph'),
        count: z.number().int().min(1).max(20).optional().describe('Number of questions (1–20, default 5)'),
        seed: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/)
          .optional()
          .describe('Makes the quiz repeatable: 1–64 letters, digits, dashes or underscores'),
      },
      annotations: { title: 'Make a quiz', ...readOnly, idempotentHint: false },
    },
    ({ concept, count, seed }) =>
      toolResult(access, () =>
        access.call(async ({ db, catalogue }) =>
          generateQuiz(db, await catalogue(), {
            concept,
            count: count ?? restDefaults.quizCount,
            seed: seed ?? randomBytes(restDefaults.quizSeedBytes).toString('base64url'),
          }),
        ),
      ),
  );
}

/** The tools in the order tools/list gives them. */
export function registerTools(server: McpServer, access: GraphAccess): void {
  for (const register of [searchTool, conceptTool, relationsTool, pathTool, retrieveTool, learningPathTool, quizTool])
    register(server, access);
}
