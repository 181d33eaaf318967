// Request ids: a client's `x-request-id` is kept only when it is short and plain (it goes into logs and
// problem bodies verbatim), otherwise a fresh one is made; every reply echoes the id it was logged under.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fp from 'fastify-plugin';

export const requestIdHeader = 'x-request-id';

/** Letters, digits and `._:-`, up to 64 characters: enough for UUIDs, ULIDs and trace ids, too little to forge log lines. */
const safeRequestId = /^[A-Za-z0-9._:-]{1,64}$/;

/** The client's id when it is safe to log and echo, else undefined. */
export function acceptedRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && safeRequestId.test(header) ? header : undefined;
}

/** Fastify's `genReqId`: with `requestIdHeader: false` Fastify calls it for every request. */
export function genReqId(request: IncomingMessage): string {
  return acceptedRequestId(request.headers[requestIdHeader]) ?? randomUUID();
}

export const requestIdPlugin = fp(
  async (app) => {
    // onRequest runs for matched routes, 404s and 405s alike; problem replies set it again themselves
    // because framework errors (bad URL encoding) are answered before any hook runs.
    app.addHook('onRequest', async (request, reply) => {
      reply.header(requestIdHeader, request.id);
    });
  },
  { name: 'request-id' },
);
