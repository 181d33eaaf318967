// Short event-loop turns, so new connections are accepted promptly under load. Since libuv 1.45 (Node 20),
// the server accepts one new connection per turn of the event loop; a turn that starts the requests of every
// busy connection (a flood's refusals, or its rankings) keeps a new client waiting for all the turns before
// its own, for far longer than any one request takes (bench:load shows it). So requests start from a queue
// drained in `setImmediate`,
// about `budgetMs` of work per drain: a turn stays short, and each turn accepts the next connection.
// Health checks skip the queue: a probe, often on a new connection, is answered in the turn it is read.
import type { HookHandlerDoneFunction } from 'fastify';
import fp from 'fastify-plugin';
import { isHealthRoute } from './load-shedding.js';

export const turnTuning = {
  /** Work started per drain, in ms: a request started inside the budget may run past it, never the next one. */
  budgetMs: 2,
} as const;

export const turnBudgetPlugin = fp(
  async (app) => {
    // A plain array read from `head`: shift() would copy the rest on every request under a long queue.
    let waiting: HookHandlerDoneFunction[] = [];
    let head = 0;
    let scheduled = false;

    const drain = (): void => {
      scheduled = false;
      const until = performance.now() + turnTuning.budgetMs;
      try {
        do {
          const start = waiting[head];
          waiting[head++] = undefined as unknown as HookHandlerDoneFunction;
          // The rest of the request's hooks and its handler run from here, up to their first await.
          start?.();
        } while (head < waiting.length && performance.now() < until);
      } finally {
        if (head === waiting.length) {
          waiting = [];
          head = 0;
        } else {
          // Under a long flood the queue may never empty: drop the started part now and then.
          if (head >= 1024) {
            waiting = waiting.slice(head);
            head = 0;
          }
          schedule();
        }
      }
    };
    const schedule = (): void => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(drain);
    };

    app.addHook('onRequest', (request, _reply, done) => {
      if (isHealthRoute(request)) {
        done();
        return;
      }
      waiting.push(done);
      schedule();
    });
  },
  { name: 'turn-budget' },
);
