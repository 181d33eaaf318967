import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { apiPolicy } from '../../src/http/content-security-policy.js';
import { testConfig } from '../helpers/app.js';
import { useTestApp } from '../helpers/seeded-app.js';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...values]) => [name, values]),
  );
}

describe('security headers', () => {
  const { get } = useTestApp();

  it('sends nosniff, frame and referrer policies and a CSP on API replies and errors', async () => {
    for (const url of ['/health/live', '/v1/concepts/dockr', '/nowhere']) {
      const reply = await get(url);
      expect(reply.headers['x-content-type-options'], url).toBe('nosniff');
      expect(reply.headers['x-frame-options'], url).toBe('DENY');
      expect(reply.headers['referrer-policy'], url).toBe('no-referrer');
      expect(reply.headers['content-security-policy'], url).toBeTruthy();
    }
  });

  it('allows only same-origin scripts: no inline or eval, no framing, no plugins', async () => {
    const csp = directives((await get('/health/live')).headers['content-security-policy'] as string);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('sends the API policy of http/content-security-policy.ts, directive for directive and in its order', async () => {
    const csp = directives((await get('/health/live')).headers['content-security-policy'] as string);
    expect([...csp.entries()]).toEqual(Object.entries(apiPolicy));
  });

  it('serves /docs under that CSP: every script and stylesheet it loads is a file of this server, none inline', async () => {
    const page = await get('/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBe((await get('/health/live')).headers['content-security-policy']);
    const html = page.body;
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', content = ''] of scripts) {
      expect(attributes, 'every script has a src').toMatch(/src="\.\/[^"]+"/);
      expect(content.trim(), 'no inline script').toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+="/i);
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      const reply = await get(`/docs/${asset}`);
      expect(reply.statusCode, asset).toBe(200);
    }
    // The initializer fetches the document from this origin (connect-src 'self') and sets no validator
    // badge, which would load an image from validator.swagger.io.
    const initializer = (await get('/docs/static/swagger-initializer.js')).body;
    expect(initializer).toMatch(/"validatorUrl":\s*null/);
  });

  it('switches /docs off with DOCS_ENABLED=false and keeps /openapi.json', async () => {
    const config = testConfig();
    const app = await buildApp({ ...config, http: { ...config.http, docsEnabled: false } }, { logger: false });
    try {
      const docs = await app.inject({ method: 'GET', url: '/docs/' });
      expect(docs.statusCode).toBe(404);
      expect(docs.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect((await app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' })).statusCode).toBe(404);
      expect((await app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
