// Empties the benchmark's database before it loads a graph. CALL … IN TRANSACTIONS needs an auto-commit
// transaction, which only session.run gives (executeQuery runs in a managed one and is refused); batches
// keep the delete of a 100k-relation graph small.
import type { GraphDatabase } from '../src/graph/database.js';

export async function clearGraph(db: GraphDatabase): Promise<void> {
  const session = db.driver.session({ database: db.database });
  try {
    await session.run('MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS');
  } finally {
    await session.close();
  }
}
