// Security headers on every reply, chosen by helmet, with the API's Content-Security-Policy
// (http/content-security-policy.ts).
// The headers do not depend on the request, so helmet runs once at start-up and each reply gets the same
// set (@fastify/helmet would build helmet's middleware again and re-parse the CSP on every request).
import type { IncomingMessage, ServerResponse } from 'node:http';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { apiPolicy } from '../http/content-security-policy.js';

const helmetOptions: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: apiPolicy },
  // Browser apps on other origins read this API through CORS; same-origin CORP would only get in the way
  // of no-cors loads such as an <img> of an exported graph, and protects nothing that CORS does not.
  crossOriginResourcePolicy: { policy: 'cross-origin' },
  // HSTS belongs to whoever terminates TLS; on plain HTTP (the default here) browsers ignore it anyway.
  strictTransportSecurity: false,
  referrerPolicy: { policy: 'no-referrer' },
  // The same rule as the CSP's frame-ancestors 'none', for browsers that know only this header.
  xFrameOptions: { action: 'deny' },
};

/** The headers helmet sets for `options`, read once from its middleware run against a recording response. */
function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

export const securityHeadersPlugin = fp(
  async (app) => {
    const headers = securityHeaders(helmetOptions);
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: 'security-headers' },
);
