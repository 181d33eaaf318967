// What writes over HTTP share, whichever door they come in by (the REST routes, the MCP tools): the catalogue
// files a write is checked against, read once from the seed folder, and what follows a committed write.
import fp from 'fastify-plugin';
import type { CatalogueFiles } from '../graph/curation/validate.js';
import type { WriteContext } from '../graph/curation/write.js';
import { loadCatalogueFiles } from '../seed/load.js';

export interface Curation {
  /** The context of a write made by the key named `by`. */
  context(by: string): Promise<WriteContext>;
  /**
   * After a commit: this process serves the new graph version at once (other replicas within a second). When a
   * concept's names, article or reading changed, the catalogue (which carries them for sentences) is read again.
   */
  written(change?: { before: unknown; after: unknown }): void;
}

/** Whether a write changed what sentences are written with: a concept's names, article or reading. */
function changesSentences(change: { before: unknown; after: unknown } | undefined): boolean {
  if (!change) return true;
  const fields = (value: unknown) => {
    const concept = (value ?? {}) as { name?: unknown; article?: unknown; reading?: unknown; subject?: unknown };
    // A relation never does: its sentence is its type's template around its ends' names.
    if (concept.subject !== undefined) return '';
    return JSON.stringify([concept.name, concept.article, concept.reading]);
  };
  return fields(change.before) !== fields(change.after);
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
      loading = loadCatalogueFiles(dir);
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
      written: (change) => {
        app.graphVersion.invalidate();
        if (changesSentences(change)) app.catalogue.invalidate();
      },
    } satisfies Curation);
  },
  { name: 'curation', dependencies: ['neo4j'] },
);
