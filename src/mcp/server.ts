// The graph as a Model Context Protocol server: tools (tools.ts), concept resources (resources.ts) and a
// grounding prompt. Every handler calls the graph functions the REST routes call (graph-access.ts), so MCP
// and REST answer with the same facts.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { toProblem } from '../plugins/error-handler.js';
import type { GraphAccess } from './graph-access.js';
import { registerConceptResource } from './resources.js';
import { registerTools } from './tools.js';
import { type McpWriter, registerWriteTools } from './write-tools.js';

export const mcpServerInfo = { name: 'concept-graph', version: '0.1.0' } as const;

const instructions =
  'A knowledge graph of Docker and container concepts (runtimes, images, kernel features, orchestration) and the typed relations ' +
  'between them, in English and Korean, each fact citing its source. Start with search_concepts to turn words into concept ids; ' +
  'use retrieve_facts to ground an answer to a free-text question; answer only from the facts returned and cite them with their [n] markers.';

/** The grounding instructions, the retrieved context and the question, in that order. */
export function groundedPrompt(question: string, context: string, factCount: number): string {
  const rules =
    'Answer the question below using only the facts listed here. Cite every fact you use with its [n] marker. ' +
    'If the facts do not answer the question, say that the concept graph does not cover it; do not add knowledge of your own.';
  const facts = factCount === 0 ? 'The concept graph holds no facts about this question.' : context;
  return `${rules}\n\n${facts}\n\nQuestion: ${question}`;
}

function registerGroundingPrompt(server: McpServer, access: GraphAccess): void {
  server.registerPrompt(
    'answer_from_cited_facts',
    {
      title: 'Answer only from cited facts',
      description:
        'Builds a prompt that answers a question about Docker and containers using only facts retrieved from the graph, citing each with its [n] marker.',
      argsSchema: { question: z.string().trim().min(1).max(500).describe('The question to answer, Korean or English') },
    },
    async ({ question }) => {
      const { context, facts } = await access.retrieve({ query: question }).catch((error: unknown) => {
        throw new McpError(ErrorCode.InternalError, toProblem(error).body.detail || 'retrieving facts failed');
      });
      return {
        description: `Grounded answer to: ${question}`,
        messages: [{ role: 'user', content: { type: 'text', text: groundedPrompt(question, context, facts.length) } }],
      };
    },
  );
}

/** The server for one client; `writer` (a key with the write scope) adds the tools that change the graph. */
export function createMcpServer(access: GraphAccess, writer?: McpWriter): McpServer {
  const server = new McpServer(mcpServerInfo, { instructions, capabilities: { logging: {} } });
  registerTools(server, access);
  if (writer) registerWriteTools(server, access, writer);
  registerConceptResource(server, access);
  registerGroundingPrompt(server, access);
  return server;
}
