// The relation-type catalogue (with sources and categories) cached per app instance.
import fp from 'fastify-plugin';
import { CatalogueCache } from '../graph/catalogue.js';

declare module 'fastify' {
  interface FastifyInstance {
    catalogue: CatalogueCache;
  }
}

export const cataloguePlugin = fp(
  async (app) => {
    app.decorate('catalogue', new CatalogueCache(app.graphDb));
  },
  { name: 'catalogue', dependencies: ['neo4j'] },
);
