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

/** Who the REST requests of a tool are made for. */
export interface CallerOrigin {
  /** The MCP request's own id, passed on so the log lines of a tool's REST requests join the request that caused them. */
  requestId?: string;
  /** The MCP client's address: a tool's REST requests draw on that client's rate-limit budget, not on a shared one. */
  remoteAddress?: string;
}

/** A caller that injects into `app` on behalf of `origin`. */
export function injectCaller(app: FastifyInstance, { requestId, remoteAddress }: CallerOrigin = {}): RestCaller {
  return async ({ method, path, query, body }) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (requestId) headers['x-request-id'] = requestId;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const reply = await app.inject({
      method,
      url: `${path}${queryString(query)}`,
      headers,
      ...(remoteAddress ? { remoteAddress } : {}),
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    let parsed: unknown = reply.body;
    if (/json/.test(String(reply.headers['content-type'] ?? ''))) parsed = JSON.parse(reply.body);
    return { status: reply.statusCode, body: parsed };
  };
}
