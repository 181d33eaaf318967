// How MCP tools reach the graph: through the REST routes of the same app (app.inject), so a tool gets the
// very validation, bounds, caching and error mapping a REST client gets, and no query is written twice.
import type { FastifyInstance } from 'fastify';

export interface RestRequest {
  method: 'GET' | 'POST';
  /** Path under the app, e.g. `/v1/concepts/containerd`; path parameters already encoded. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface RestReply {
  status: number;
  body: unknown;
}

export type RestCaller = (request: RestRequest) => Promise<RestReply>;

/** Query string of the defined values, in the order given. */
export function queryString(query: RestRequest['query'] = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * A caller that injects into `app`. `requestId` (the MCP request's own id) is passed on so the log lines of
 * the REST requests a tool makes can be joined to the MCP request that caused them.
 */
export function injectCaller(app: FastifyInstance, requestId?: string): RestCaller {
  return async ({ method, path, query, body }) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (requestId) headers['x-request-id'] = requestId;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const reply = await app.inject({
      method,
      url: `${path}${queryString(query)}`,
      headers,
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    let parsed: unknown = reply.body;
    if (/json/.test(String(reply.headers['content-type'] ?? ''))) parsed = JSON.parse(reply.body);
    return { status: reply.statusCode, body: parsed };
  };
}
