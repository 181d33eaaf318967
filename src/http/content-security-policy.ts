// The service's two Content-Security-Policies, as data in one place: the one every reply carries and the
// stricter one the explorer page sends on its HTML (plugins/explorer.ts, through policyHeader). Helmet renders
// the first with the other security headers (plugins/security-headers.ts), checking that every keyword source
// is quoted. Each policy lists its directives in the order its header names them.

/** Directive name (as the header spells it) -> its source list. */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

/**
 * On every reply: only this origin's own scripts, which is what the Swagger UI at /docs and the explorer page
 * load (bundled files, no inline script). Inline styles stay allowed because Swagger UI sets style attributes
 * from its scripts.
 */
export const apiPolicy: CspDirectives = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The explorer page loads only its own script, stylesheet and API: no inline script or style, no other
 * origin. Sent on the HTML itself so the page keeps to it whatever security headers the rest of the app adds.
 */
export const explorerPolicy: CspDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The header value of a policy: `name source source; name source…`, directives in their listed order. */
export function policyHeader(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}
