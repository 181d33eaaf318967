// Security headers on every reply (@fastify/helmet). The CSP allows only this origin's own scripts, which is
// what the Swagger UI at /docs and the explorer page at / load (bundled files, no inline script); inline
// styles stay allowed because Swagger UI sets style attributes from its scripts.
import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';

export const contentSecurityPolicy = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

export const securityHeadersPlugin = fp(
  async (app) => {
    await app.register(helmet, {
      contentSecurityPolicy,
      // Browser apps on other origins read this API through CORS; same-origin CORP would only get in the way
      // of no-cors loads such as an <img> of an exported graph, and protects nothing that CORS does not.
      crossOriginResourcePolicy: { policy: 'cross-origin' },
      // HSTS belongs to whoever terminates TLS; on plain HTTP (the default here) browsers ignore it anyway.
      strictTransportSecurity: false,
      referrerPolicy: { policy: 'no-referrer' },
    });
  },
  { name: 'security-headers' },
);
