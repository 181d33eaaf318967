// A request's view of the database (GraphDatabase.forRequest) stops before its next statement once nobody
// waits for the reply, and shares the pool count and the statement observer with the app's handle.
import { afterAll, describe, expect, it } from 'vitest';
import { statement } from '../../src/graph/database.js';
import { openTestDb } from '../helpers/app.js';

const db = openTestDb();
const one = statement('scopeTestOne', 'RETURN 1 AS n');
const two = statement('scopeTestTwo', 'RETURN 2 AS n');

describe('a request view of the database', () => {
  afterAll(async () => {
    await db.driver.close();
  });

  it('runs statements while the request is wanted, and refuses the next once it is abandoned', async () => {
    const seen: string[] = [];
    const stop = db.observe((name) => seen.push(name));
    let abandoned = false;
    const view = db.forRequest(() => abandoned);
    expect(await view.read(one)).toEqual([{ n: 1 }]);
    abandoned = true;
    await expect(view.read(two)).rejects.toMatchObject({ status: 503, code: 'QUERY_TIMEOUT' });
    // The app's own handle is not tied to the request.
    expect(await db.read(two)).toEqual([{ n: 2 }]);
    expect(seen).toEqual(['scopeTestOne', 'scopeTestTwo']);
    stop();
  });

  it('stops a unit of several reads between statements', async () => {
    const seen: string[] = [];
    const stop = db.observe((name) => seen.push(name));
    let abandoned = false;
    const view = db.forRequest(() => abandoned);
    const unit = view.readUnit(async (read) => {
      await read(one);
      abandoned = true; // the client hangs up while the first answer is being used
      return read(two);
    });
    await expect(unit).rejects.toMatchObject({ code: 'QUERY_TIMEOUT' });
    expect(seen).toEqual(['scopeTestOne']);
    stop();
  });

  it('counts its transactions in the pool figure of the app handle', async () => {
    const view = db.forRequest(() => false);
    let inUseDuring = -1;
    await view.readUnit(async (read) => {
      inUseDuring = db.connectionsInUse;
      return read(one);
    });
    expect(inUseDuring).toBe(1);
    expect(db.connectionsInUse).toBe(0);
  });
});
