import { describe, expect, it } from 'vitest';
import { apiPolicy, type CspDirectives, explorerPolicy, policyHeader } from '../../src/http/content-security-policy.js';

/** The sources a policy allows for a directive: its own, or default-src's when it names none. */
const sourcesFor = (policy: CspDirectives, directive: string) => policy[directive] ?? policy['default-src'] ?? [];

describe('content security policies', () => {
  it('renders a policy as its directives in their listed order, sources after the name', () => {
    expect(policyHeader(explorerPolicy)).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(policyHeader({ 'default-src': ["'none'"], 'upgrade-insecure-requests': [] })).toBe(
      "default-src 'none'; upgrade-insecure-requests",
    );
  });

  it("gives the explorer page no source the API's policy does not allow", () => {
    for (const [directive, sources] of Object.entries(explorerPolicy)) {
      for (const source of sources) expect(sourcesFor(apiPolicy, directive), `${directive} ${source}`).toContain(source);
    }
    expect(explorerPolicy['style-src']).not.toContain("'unsafe-inline'");
  });

  it('lets neither policy run inline script, embed plugins or be framed', () => {
    for (const policy of [apiPolicy, explorerPolicy]) {
      expect(sourcesFor(policy, 'script-src')).toEqual(["'self'"]);
      expect(policy['object-src']).toEqual(["'none'"]);
      expect(policy['frame-ancestors']).toEqual(["'none'"]);
    }
  });
});
