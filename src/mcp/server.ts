// The graph as a Model Context Protocol server: tools, concept resources and a grounding prompt. Every
// handler goes through the REST routes (see rest.ts), so MCP and REST answer with the same facts.
import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type CallToolResult, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ConceptId } from '../graph/model.js';
import { maxHopsLimit } from '../graph/paths.js';
import { RetrieveRequest } from '../graph/retrieval/index.js';
import { knownInput, restIdList, restTypes, searchInput, sourceInput, typeInput, typesInput } from './arguments.js';
import { rankIdCompletions } from './completion.js';
import type { RestCaller, RestReply } from './rest.js';

export const mcpServerInfo = { name: 'concept-graph', version: '0.1.0' } as const;

/** MCP's code for "resource not found" (the SDK has no constant for it). */
const resourceNotFound = -32002;

/** Bounds of what MCP handlers ask of the REST API on their own (listing resources, completing ids). */
export const mcpLimits = {
  /** resources/list pages through concepts 100 at a time and stops here, however large the graph. */
  listedConcepts: 500,
  completions: 10,
  /** Search hits read to rank completions (the most /v1/search returns), so every id starting with the text is among them. */
  completionCandidates: 50,
} as const;

const instructions =
  'A knowledge graph of Docker and container concepts (runtimes, images, kernel features, orchestration) and the typed relations ' +
  'between them, in English and Korean, each fact citing its source. Start with search_concepts to turn words into concept ids; ' +
  'use retrieve_facts to ground an answer to a free-text question; answer only from the facts returned and cite them with their [n] markers.';

const readOnly = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;

interface ProblemBody {
  code?: string;
  title?: string;
  detail?: string;
}

function asProblem(reply: RestReply): ProblemBody {
  return typeof reply.body === 'object' && reply.body !== null ? (reply.body as ProblemBody) : { detail: String(reply.body) };
}

/**
 * A REST reply as a tool result: the JSON as structured content and as text (for clients that read only
 * text), an optional readable summary first; a problem reply becomes a tool error naming its code.
 */
function toolResult(reply: RestReply, summary?: (body: never) => string): CallToolResult {
  if (reply.status >= 400) {
    const problem = asProblem(reply);
    return {
      isError: true,
      content: [
        { type: 'text', text: `${problem.code ?? `HTTP ${reply.status}`}: ${problem.detail ?? problem.title ?? 'request failed'}` },
      ],
      structuredContent: { ...problem },
    };
  }
  const body = reply.body as Record<string, unknown>;
  const json = { type: 'text' as const, text: JSON.stringify(body) };
  return {
    content: summary ? [{ type: 'text', text: summary(body as never) }, json] : [json],
    structuredContent: body,
  };
}

export function createMcpServer(call: RestCaller): McpServer {
  const server = new McpServer(mcpServerInfo, { instructions, capabilities: { logging: {} } });

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
    async ({ query, q, limit, source }) =>
      toolResult(await call({ method: 'GET', path: '/v1/search', query: { q: query ?? q, limit, source } })),
  );

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
    async ({ id }) => toolResult(await call({ method: 'GET', path: `/v1/concepts/${encodeURIComponent(id)}` })),
  );

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
    async ({ subject, types, type, object, limit, cursor, source }) =>
      toolResult(
        await call({
          method: 'GET',
          path: '/v1/relations',
          query: { subject, type: restTypes(types, type), object, limit, cursor, source },
        }),
      ),
  );

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
    async ({ from, to, maxHops, limit, types, type }) =>
      toolResult(
        await call({ method: 'GET', path: '/v1/paths', query: { from, to, maxHops, limit, type: restTypes(types, type) } }),
        (body: { items: { explanation: { en: string; ko: string } }[] }) =>
          body.items.length === 0
            ? `No path between ${from} and ${to} within the hop limit.`
            : body.items.map((path, i) => `${i + 1}. ${path.explanation.en}\n   ${path.explanation.ko}`).join('\n'),
      ),
  );

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
    async (request) =>
      toolResult(await call({ method: 'POST', path: '/v1/retrieve', body: request }), (body: { context: string }) => body.context),
  );

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
    async ({ target, known, maxSteps }) =>
      toolResult(
        await call({
          method: 'GET',
          path: '/v1/learning-path',
          query: { target, known: restIdList(known), maxSteps },
        }),
      ),
  );

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
    async ({ concept, count, seed }) => toolResult(await call({ method: 'GET', path: '/v1/quiz', query: { concept, count, seed } })),
  );

  server.registerResource(
    'concept',
    new ResourceTemplate('concept://{id}', {
      list: async () => {
        const resources = [];
        let cursor: string | undefined;
        do {
          const reply = await call({ method: 'GET', path: '/v1/concepts', query: { limit: 100, cursor } });
          if (reply.status !== 200) throw new McpError(ErrorCode.InternalError, asProblem(reply).detail ?? 'listing concepts failed');
          const page = reply.body as { items: ConceptListItem[]; nextCursor: string | null };
          resources.push(...page.items.map(conceptResource));
          cursor = page.nextCursor ?? undefined;
        } while (cursor && resources.length < mcpLimits.listedConcepts);
        return { resources: resources.slice(0, mcpLimits.listedConcepts) };
      },
      complete: {
        id: async (value) => {
          if (value.trim() === '') return [];
          const reply = await call({
            method: 'GET',
            path: '/v1/search',
            query: { q: value.slice(0, 200), limit: mcpLimits.completionCandidates },
          });
          if (reply.status !== 200) return [];
          const hits = (reply.body as { items: { concept: { id: string; name: { en: string; ko: string } } }[] }).items;
          return rankIdCompletions(
            value,
            hits.map((hit) => hit.concept),
            mcpLimits.completions,
          );
        },
      },
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
      const reply = await call({ method: 'GET', path: `/v1/concepts/${encodeURIComponent(String(id))}` });
      if (reply.status === 404) throw new McpError(resourceNotFound, `No concept has the id '${String(id)}'`, { uri: uri.href });
      if (reply.status !== 200) throw new McpError(ErrorCode.InternalError, asProblem(reply).detail ?? 'reading the concept failed');
      return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(reply.body) }] };
    },
  );

  server.registerPrompt(
    'answer_from_cited_facts',
    {
      title: 'Answer only from cited facts',
      description:
        'Builds a prompt that answers a question about Docker and containers using only facts retrieved from the graph, citing each with its [n] marker.',
      argsSchema: { question: z.string().trim().min(1).max(500).describe('The question to answer, Korean or English') },
    },
    async ({ question }) => {
      const reply = await call({ method: 'POST', path: '/v1/retrieve', body: { query: question } });
      if (reply.status !== 200) throw new McpError(ErrorCode.InternalError, asProblem(reply).detail ?? 'retrieving facts failed');
      const { context, facts } = reply.body as { context: string; facts: unknown[] };
      return {
        description: `Grounded answer to: ${question}`,
        messages: [{ role: 'user', content: { type: 'text', text: groundedPrompt(question, context, facts.length) } }],
      };
    },
  );

  return server;
}

interface ConceptListItem {
  id: string;
  name: { en: string; ko: string };
  summary: { en: string; ko: string };
}

function conceptResource(concept: ConceptListItem) {
  return {
    uri: `concept://${concept.id}`,
    name: concept.id,
    title: concept.name.en === concept.name.ko ? concept.name.en : `${concept.name.en} (${concept.name.ko})`,
    description: concept.summary.en,
    mimeType: 'application/json',
  };
}

/** The grounding instructions, the retrieved context and the question, in that order. */
export function groundedPrompt(question: string, context: string, factCount: number): string {
  const rules =
    'Answer the question below using only the facts listed here. Cite every fact you use with its [n] marker. ' +
    'If the facts do not answer the question, say that the concept graph does not cover it; do not add knowledge of your own.';
  const facts = factCount === 0 ? 'The concept graph holds no facts about this question.' : context;
  return `${rules}\n\n${facts}\n\nQuestion: ${question}`;
}
