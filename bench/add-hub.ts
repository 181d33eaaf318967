// Turns a concept of a loaded graph into a hub: N more USES relations from it to generated concepts (ids
// `hub-…`, not the seed's, so the next seed run keeps them and releases nothing). For looking at how routes
// behave around a concept with thousands of relations, as a real graph grows them; not for a graph users keep.
// Run: NEO4J_URI=bolt://127.0.0.1:PORT npx tsx bench/add-hub.ts [concept=containerd] [relations=5000]
import neo4j from 'neo4j-driver';
import { loadConfig } from '../src/config.js';
import { createDriver } from '../src/graph/driver.js';

const [concept = 'containerd', count = '5000'] = process.argv.slice(2);
const config = loadConfig();
const driver = createDriver(config.neo4j);
try {
  const { records } = await driver.executeQuery(
    `MATCH (h:Concept {id: $concept})
     MATCH (c:Concept) WHERE c.id STARTS WITH 'gen-' AND NOT (h)-[:USES]->(c)
     WITH h, c ORDER BY c.id LIMIT $count
     CREATE (h)-[r:USES]->(c)
     SET r.id = 'hub-' + h.id + '-' + c.id, r.confidence = 1.0, r.sources = ['notes#what-is-docker'], r.provenance = 'notes'
     RETURN count(r) AS n`,
    { concept, count: neo4j.int(Number(count)) },
    { database: config.neo4j.database },
  );
  console.log(`${concept}: ${records[0]?.get('n')} relations added`);
} finally {
  await driver.close();
}
