// app.graphVersion: the graph's current version, read from Neo4j at most once a second (see graph/graph-version.ts).
import fp from 'fastify-plugin';
import { GraphVersionTracker, readGraphVersion } from '../graph/graph-version.js';

declare module 'fastify' {
  interface FastifyInstance {
    graphVersion: GraphVersionTracker;
  }
}

export const graphVersionPlugin = fp(
  async (app) => {
    app.decorate('graphVersion', new GraphVersionTracker(() => readGraphVersion(app.graphDb)));
  },
  { name: 'graph-version', dependencies: ['neo4j'] },
);
