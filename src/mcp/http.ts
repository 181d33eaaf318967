// MCP over Streamable HTTP at /mcp, as an ordinary Fastify route: the body limit, JSON parsing, logging,
// request ids, CORS and metrics of the REST API apply to it unchanged. Stateless: each POST gets a fresh
// server and transport (the SDK's stateless mode), and JSON replies rather than SSE streams.
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type FastifyPluginAsyncZod, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { grants } from '../auth/scopes.js';
import { problem, sendProblem } from '../plugins/error-handler.js';
import { graphAccess } from './graph-access.js';
import { createMcpServer } from './server.js';

const JsonRpcMessage = z.looseObject({ jsonrpc: z.literal('2.0') });
/** One JSON-RPC message, or a bounded batch of them (older clients batch). */
const McpBody = z.union([JsonRpcMessage, z.array(JsonRpcMessage).min(1).max(20)]);

/**
 * The Fastify request as a web Request for the SDK's transport; the body travels separately, already parsed.
 * The URL's origin is a fixed placeholder: the SDK reads only the path and headers, and the client's Host
 * (checked by `guard`) is never parsed as part of a URL.
 */
function toWebRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return new Request(new URL(request.url, 'http://mcp.invalid'), { method: request.method, headers });
}

function methodNotAllowed(request: FastifyRequest, reply: FastifyReply) {
  // Stateless: there is no server-initiated stream to GET and no session to DELETE. The SDK's client takes 405 as "none".
  return sendProblem(reply.header('allow', 'POST'), {
    ...problem('METHOD_NOT_ALLOWED', `${request.method} is not used on /mcp: this MCP endpoint is stateless and answers POST only.`),
    instance: request.url,
  });
}

/** A Host header: a name or an IPv4 address, or an IPv6 address in brackets, with an optional port. */
const hostHeader = /^(?<name>\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(?<port>\d{1,5}))?$/i;

/** Loopback origins are always allowed: a page served from this machine is the local user's own. */
const loopbackOrigin = /^https?:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

export interface McpAccess {
  allowedHosts: '*' | string[];
  allowedOrigins: string[];
}

/**
 * The MCP transport spec asks servers to validate Origin (and a local server its Host) against DNS
 * rebinding: a page on another site must not reach a local MCP server through a name that resolves to
 * 127.0.0.1. A malformed Host is a 400; a Host or Origin that is not allowed, a 403.
 */
export function mcpAccessError(headers: FastifyRequest['headers'], access: McpAccess): ReturnType<typeof problem> | undefined {
  const host = headers.host ?? '';
  const parsed = hostHeader.exec(host);
  const port = Number(parsed?.groups?.port ?? 0);
  if (!parsed || port > 65_535) return problem('MALFORMED_REQUEST', 'The Host header is not a valid host name with an optional port.');
  const name = (parsed.groups?.name ?? '').toLowerCase();
  if (access.allowedHosts !== '*' && !access.allowedHosts.includes(name)) {
    return problem(
      'HOST_NOT_ALLOWED',
      `/mcp does not answer to the host '${name}'; MCP_ALLOWED_HOSTS on the server lists the names it serves.`,
    );
  }
  const origin = headers.origin;
  if (origin !== undefined && !loopbackOrigin.test(origin) && !access.allowedOrigins.includes(origin)) {
    return problem(
      'ORIGIN_NOT_ALLOWED',
      'Pages from this origin may not call /mcp; MCP_ALLOWED_ORIGINS on the server lists the ones that may.',
    );
  }
  return undefined;
}

export const mcpHttpRoutes: FastifyPluginAsyncZod<{ access: McpAccess }> = async (app, { access }) => {
  app.setValidatorCompiler(validatorCompiler);
  // onRequest: before the body is read or parsed, and before any other work for a request that is refused.
  app.addHook('onRequest', async (request, reply) => {
    const refused = mcpAccessError(request.headers, access);
    if (refused) return sendProblem(reply, refused);
  });

  app.post('/mcp', { config: { cost: 'relay', keyOptional: true }, schema: { hide: true, body: McpBody } }, async (request, reply) => {
    // The tools read through this request's database view and count against its client's budget (graph-access.ts).
    // A key with the write scope (sent optionally, see plugins/auth.ts) adds the tools that change the graph.
    const principal = request.principal;
    const writer =
      principal && grants(principal.scopes, 'write')
        ? {
            context: () => app.curation.context(principal.name),
            written: (change: { before: unknown; after: unknown }) => app.curation.written(change),
          }
        : undefined;
    const server = createMcpServer(graphAccess(app, request), writer);
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
