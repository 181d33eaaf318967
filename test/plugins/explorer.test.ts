// How the API serves the explorer page: one HTML shell with a strict CSP at / and every /explore deep link,
// the bundle under /assets/ (compressed when asked), and a problem when the bundle has not been built.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorHandlerPlugin } from '../../src/plugins/error-handler.js';
import { explorerContentSecurityPolicy, explorerPlugin } from '../../src/plugins/explorer.js';
import { buildExplorer } from '../../tools/build-explorer.js';
import { expectProblem } from '../helpers/replies.js';

let root = '';

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'explorer-'));
  await buildExplorer(root);
});

async function appServing(dir: string) {
  const app = Fastify({ logger: false, routerOptions: { ignoreTrailingSlash: true } });
  await app.register(errorHandlerPlugin);
  await app.register(explorerPlugin, { root: dir });
  await app.ready();
  return app;
}

describe('explorer plugin', () => {
  it('serves the same HTML shell at /, /explore and deep links, with a CSP that allows only its own origin', async () => {
    const app = await appServing(root);
    const bodies = new Set<string>();
    for (const url of [
      '/',
      '/explore',
      '/explore/',
      '/explore/concept/runc?depth=2',
      '/explore/path?from=runc&to=kubernetes',
      '/explore/quiz',
    ]) {
      const reply = await app.inject({ method: 'GET', url });
      expect(reply.statusCode, url).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^text\/html/);
      expect(reply.headers['content-security-policy']).toBe(explorerContentSecurityPolicy);
      bodies.add(reply.body);
    }
    expect(bodies.size).toBe(1);
    const html = [...bodies][0]!;
    // No inline script, no inline handler, nothing from another origin.
    expect(html).toMatch(/<script type="module" src="\/assets\/app\.js"><\/script>/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(explorerContentSecurityPolicy).toMatch(/script-src 'self'(;|$)/);
    await app.close();
  });

  it('serves the bundle under /assets/, brotli-compressed when the browser accepts it, but not the shell itself', async () => {
    const app = await appServing(root);
    const plain = await app.inject({ method: 'GET', url: '/assets/app.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/javascript/);
    const compressed = await app.inject({ method: 'GET', url: '/assets/app.js', headers: { 'accept-encoding': 'br' } });
    expect(compressed.headers['content-encoding']).toBe('br');
    expect(Number(compressed.headers['content-length'])).toBeLessThan(Number(plain.headers['content-length']) / 2);
    expect((await app.inject({ method: 'GET', url: '/assets/explorer.css' })).statusCode).toBe(200);
    expectProblem(await app.inject({ method: 'GET', url: '/assets/index.html' }), 404, 'ROUTE_NOT_FOUND');
    expectProblem(await app.inject({ method: 'GET', url: '/assets/../package.json' }), 404, 'ROUTE_NOT_FOUND');
    await app.close();
  });

  it('answers a problem naming the build command when the bundle is missing', async () => {
    const app = await appServing(await mkdtemp(path.join(tmpdir(), 'explorer-empty-')));
    const reply = await app.inject({ method: 'GET', url: '/explore' });
    expectProblem(reply, 404, 'ROUTE_NOT_FOUND');
    expect(reply.json().detail).toMatch(/npm run build/);
    await app.close();
  });
});
