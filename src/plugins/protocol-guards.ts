// HTTP rules Node leaves to the application, enforced before any other work and answered as problem+json:
// exactly one Host in an HTTP/1.1 request (RFC 9112 §3.2), a query string that is validly percent-encoded,
// no request body in a content coding the API does not decode, an Expect header it can meet, and a reply to
// CONNECT (this is no proxy). Node would answer some of these itself, in plain text and without a request id.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import fp from 'fastify-plugin';
import { problem, refuseOnSocket, sendProblem } from './error-handler.js';

/** The request's Host header lines as sent (Node keeps only the first of several in `headers.host`). */
function hostLines(request: IncomingMessage): number {
  let count = 0;
  for (let i = 0; i < request.rawHeaders.length; i += 2) if (request.rawHeaders[i]?.toLowerCase() === 'host') count++;
  return count;
}

/** Whether the query part decodes: every `%` starts two hex digits and the bytes form UTF-8. */
function queryDecodes(url: string): boolean {
  const start = url.indexOf('?');
  if (start === -1) return true;
  const query = url.slice(start + 1);
  if (!query.includes('%')) return true;
  try {
    decodeURIComponent(query.replaceAll('+', ' '));
    return true;
  } catch {
    return false;
  }
}

export const protocolGuardsPlugin = fp(
  async (app) => {
    const log = app.log;
    app.server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
      refuseOnSocket(
        response.socket as Socket,
        problem('EXPECTATION_FAILED', `Expect: ${String(request.headers.expect).slice(0, 100)} is not supported; only 100-continue is.`),
        log,
        'expectation',
      );
    });
    app.server.on('connect', (_request: IncomingMessage, socket: Socket) => {
      refuseOnSocket(socket, { ...problem('METHOD_NOT_ALLOWED', 'CONNECT is not served: this is an API, not a proxy.') }, log, 'connect');
    });

    app.addHook('onRequest', async (request, reply) => {
      const raw = request.raw;
      if (raw.httpVersionMajor === 1 && raw.httpVersionMinor >= 1) {
        const hosts = hostLines(raw);
        if (hosts !== 1) {
          return sendProblem(
            reply.header('connection', 'close'),
            problem(
              'MALFORMED_REQUEST',
              hosts === 0 ? 'An HTTP/1.1 request must carry a Host header.' : 'The request carries more than one Host header.',
            ),
          );
        }
      }
      if (!queryDecodes(request.url)) {
        return sendProblem(
          reply,
          problem('MALFORMED_URL', 'The query string holds a malformed percent-encoding; encode each UTF-8 byte as %XX.'),
        );
      }
      const coding = request.headers['content-encoding'];
      if (coding !== undefined && coding.trim().toLowerCase() !== 'identity') {
        return sendProblem(
          reply.header('accept-encoding', 'identity'),
          problem(
            'UNSUPPORTED_MEDIA_TYPE',
            `A request body in Content-Encoding '${coding.slice(0, 40)}' is not accepted; send it uncompressed.`,
          ),
        );
      }
    });
  },
  { name: 'protocol-guards' },
);
