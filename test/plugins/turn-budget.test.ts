// The turn budget on a bare Fastify app: requests start from a queue, a few milliseconds of work per turn of
// the event loop, in arrival order; health checks skip the queue. Turns are counted with a setImmediate chain,
// which advances once per turn.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { turnBudgetPlugin, turnTuning } from '../../src/plugins/turn-budget.js';

/** Holds the event loop for `ms`, as a ranking or a large reply would. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy on purpose
  }
}

let turn = 0;
let counting = false;
function countTurns(): void {
  counting = true;
  const tick = () => {
    turn++;
    if (counting) setImmediate(tick);
  };
  setImmediate(tick);
}

async function appWith(budget: boolean): Promise<{ app: FastifyInstance; started: { id: number; turn: number }[] }> {
  const app = Fastify({ logger: false });
  if (budget) await app.register(turnBudgetPlugin);
  const started: { id: number; turn: number }[] = [];
  app.get('/v1/work/:id', async (request) => {
    const id = Number((request.params as { id: string }).id);
    started.push({ id, turn });
    spin(1);
    return { id };
  });
  app.get('/health/live', async () => ({ status: 'ok' }));
  await app.ready();
  return { app, started };
}

afterEach(() => {
  counting = false;
});

describe('turn budget', () => {
  const requests = 12;

  it('starts queued requests a few milliseconds of work per turn, in arrival order', async () => {
    const { app, started } = await appWith(true);
    countTurns();
    const replies = await Promise.all(Array.from({ length: requests }, (_, id) => app.inject(`/v1/work/${id}`)));
    expect(replies.filter((reply) => !(reply.statusCode === 200))).toEqual([]);
    expect(started.map((s) => s.id)).toEqual(Array.from({ length: requests }, (_, id) => id));
    // 12 ms of work at 1 ms each cannot fit in fewer turns than 12 / (budget + the one that runs past it).
    const turns = new Set(started.map((s) => s.turn));
    expect(turns.size).toBeGreaterThanOrEqual(Math.floor(requests / (turnTuning.budgetMs + 1)));
    await app.close();
  });

  it('without it, the same requests all start in one turn (what the budget is for)', async () => {
    const { app, started } = await appWith(false);
    countTurns();
    await Promise.all(Array.from({ length: requests }, (_, id) => app.inject(`/v1/work/${id}`)));
    expect(new Set(started.map((s) => s.turn)).size).toBe(1);
    await app.close();
  });

  it('answers a health check without waiting for the queue', async () => {
    const { app, started } = await appWith(true);
    const work = Array.from({ length: requests }, (_, id) => app.inject(`/v1/work/${id}`));
    const live = await app.inject('/health/live');
    expect(live.statusCode).toBe(200);
    // The probe came back while most of the queued work had not started yet.
    expect(started.length).toBeLessThan(requests);
    await Promise.all(work);
    expect(started).toHaveLength(requests);
    await app.close();
  });
});
