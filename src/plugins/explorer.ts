// The explorer page: the bundle built from web/ (tools/build-explorer.ts) under /assets/, and the one HTML
// shell at `/`, `/explore` and every `/explore/...` deep link, so the page's own router takes over in the browser.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import { ProblemError } from '../errors.js';
import { explorerPolicy, policyHeader } from '../http/content-security-policy.js';

/** Where `npm run build` puts the bundle, relative to the working directory (the repository root or /app). */
export const explorerDir = 'dist/explorer';

/** The explorer page's policy (http/content-security-policy.ts) as its header value. */
export const explorerContentSecurityPolicy = policyHeader(explorerPolicy);

export interface ExplorerOptions {
  /** Folder holding index.html, app.js and explorer.css; defaults to dist/explorer. */
  root?: string;
}

const plugin: FastifyPluginAsync<ExplorerOptions> = async (app, options) => {
  const root = path.resolve(options.root ?? explorerDir);

  await app.register(fastifyStatic, {
    root,
    prefix: '/assets/',
    index: false,
    preCompressed: true,
    // Rebuilt in place by `npm run build`; ETag revalidation keeps a returning browser up to date.
    cacheControl: true,
    maxAge: 0,
    allowedPath: (pathName) => pathName !== '/index.html',
  });

  const sendPage = async (_request: unknown, reply: FastifyReply) => {
    // Checked per request so a bundle built after start-up (npm run build) is served without a restart.
    if (!existsSync(path.join(root, 'index.html'))) {
      throw new ProblemError(
        'ROUTE_NOT_FOUND',
        `The explorer page is not built (no ${path.join(root, 'index.html')}): run \`npm run build\`; \`npm start\` builds it before it starts.`,
      );
    }
    return reply.header('content-security-policy', explorerContentSecurityPolicy).sendFile('index.html', root, { maxAge: 0 });
  };
  const hidden = { schema: { hide: true } };
  app.get('/', hidden, sendPage);
  app.get('/explore', hidden, sendPage);
  app.get('/explore/*', hidden, sendPage);
};

export const explorerPlugin = fp(plugin, { name: 'explorer' });
