// MCP over Streamable HTTP at /mcp, as an ordinary Fastify route: the body limit, JSON parsing, logging,
// request ids, CORS and metrics of the REST API apply to it unchanged. Stateless: each POST gets a fresh
// server and transport (the SDK's stateless mode), and JSON replies rather than SSE streams.
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type FastifyPluginAsyncZod, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problem, sendProblem } from '../plugins/error-handler.js';
import { injectCaller } from './rest.js';
import { createMcpServer } from './server.js';

const JsonRpcMessage = z.looseObject({ jsonrpc: z.literal('2.0') });
/** One JSON-RPC message, or a bounded batch of them (older clients batch). */
const McpBody = z.union([JsonRpcMessage, z.array(JsonRpcMessage).min(1).max(20)]);

/** The Fastify request as a web Request for the SDK's transport; the body travels separately, already parsed. */
function toWebRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return new Request(new URL(request.url, `${request.protocol}://${request.host}`), { method: request.method, headers });
}

function methodNotAllowed(request: FastifyRequest, reply: FastifyReply) {
  // Stateless: there is no server-initiated stream to GET and no session to DELETE. The SDK's client takes 405 as "none".
  return sendProblem(reply.header('allow', 'POST'), {
    ...problem('BAD_REQUEST', `${request.method} is not used on /mcp: this MCP endpoint is stateless and answers POST only.`),
    status: 405,
    instance: request.url,
  });
}

export const mcpHttpRoutes: FastifyPluginAsyncZod = async (app) => {
  app.setValidatorCompiler(validatorCompiler);

  app.post('/mcp', { schema: { hide: true, body: McpBody } }, async (request, reply) => {
    const server = createMcpServer(injectCaller(app, { requestId: request.id, remoteAddress: request.ip }));
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    try {
      await server.connect(transport);
      const response = await transport.handleRequest(toWebRequest(request), { parsedBody: request.body });
      reply.code(response.status);
      response.headers.forEach((value, name) => {
        reply.header(name, value);
      });
      const text = await response.text();
      return reply.send(text === '' ? undefined : text);
    } finally {
      await server.close();
    }
  });

  app.get('/mcp', { schema: { hide: true } }, methodNotAllowed);
  app.delete('/mcp', { schema: { hide: true } }, methodNotAllowed);
};
