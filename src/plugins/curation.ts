// What writes over HTTP share, whichever door they come in by (the REST routes, the MCP tools): the catalogue
// files a write is checked against, read once from the seed folder, and what follows a committed write.
import fp from 'fastify-plugin';
import type { CatalogueFiles } from '../graph/curation/validate.js';
import type { WriteContext } from '../graph/curation/write.js';
import { loadSeed } from '../seed/load.js';

export interface Curation {
  /** The context of a write made by the key named `by`. */
  context(by: string): Promise<WriteContext>;
  /** After a commit: this process serves the new graph version at once (other replicas within a second). */
  written(): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    curation: Curation;
  }
}

/**
 * Categories, sources and relation types cannot change over HTTP: they are read from the seed files (the only
 * place that holds all of a type's rules) on the first write, and again after a failed read.
 */
function catalogueFilesLoader(dir: string): () => Promise<CatalogueFiles> {
  let loading: Promise<CatalogueFiles> | undefined;
  return () => {
    if (!loading) {
      loading = loadSeed(dir).then(({ categories, sources, relationTypes }) => ({ categories, sources, relationTypes }));
      loading.catch(() => {
        loading = undefined;
      });
    }
    return loading;
  };
}

export const curationPlugin = fp<{ seedDir: string }>(
  async (app, { seedDir }) => {
    const catalogueFiles = catalogueFilesLoader(seedDir);
    app.decorate('curation', {
      context: async (by) => ({ db: app.graphDb, catalogue: await catalogueFiles(), by }),
      written: () => {
        app.graphVersion.invalidate();
        // The catalogue carries the concepts' articles and readings, which sentences are written with.
        app.catalogue.invalidate();
      },
    } satisfies Curation);
  },
  { name: 'curation', dependencies: ['neo4j'] },
);
