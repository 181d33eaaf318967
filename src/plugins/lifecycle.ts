// The service's lifecycle in one place: the phase it is in, the start-up work readiness waits for (seeding,
// the retrieval index, the warm-up), and the one hook that turns requests away once shutdown has begun.
//
//   starting --(seed and start-up work settled)--> serving --startDraining()--> draining --app.close()--> closing
//
// Requests are answered in every phase. Readiness (routes/health.ts) is 503 while starting and once shutting
// down; from the drain on, every request but the health checks gets 503 SHUTTING_DOWN, and every reply closes
// its connection.
import fp from 'fastify-plugin';
import { ServiceUnavailableError } from '../errors.js';
import { isHealthRoute } from './load-shedding.js';

export type Phase = 'starting' | 'serving' | 'draining' | 'closing';

/** Start-up seeding: off, loading (or waiting for Neo4j), loaded, or failed for good (a broken seed). */
export interface SeedState {
  readonly status: 'disabled' | 'pending' | 'done' | 'failed';
  /** Why it failed, for readiness to say. */
  readonly error?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    lifecycle: Lifecycle;
  }
}

export class Lifecycle {
  private shutdown: 'draining' | 'closing' | undefined;
  private seedState: SeedState = { status: 'disabled' };
  private readonly pending = new Set<string>();

  /**
   * The one place the phase is decided. A shutdown, once begun, outranks everything and only moves forward;
   * before it, the service is starting while seeding or any tracked work is still pending.
   */
  get phase(): Phase {
    if (this.shutdown) return this.shutdown;
    return this.seedState.status === 'pending' || this.pending.size > 0 ? 'starting' : 'serving';
  }

  /** True once draining or closing: new work is refused and readiness is 503. */
  get shuttingDown(): boolean {
    return this.shutdown !== undefined;
  }

  /** SIGTERM: readiness turns 503 so the orchestrator stops sending traffic; new requests are turned away. */
  startDraining(): void {
    this.shutdown ??= 'draining';
  }

  /** The app is closing (its preClose hook): the last phase. */
  startClosing(): void {
    this.shutdown = 'closing';
  }

  get seed(): SeedState {
    return this.seedState;
  }

  seedPending(): void {
    this.seedState = { status: 'pending' };
  }

  seedDone(): void {
    this.seedState = { status: 'done' };
  }

  seedFailed(error: string): void {
    this.seedState = { status: 'failed', error };
  }

  /**
   * Holds readiness until `work` settles; resolves when it does (never rejects). A failed task stops holding
   * readiness: the route then does the work on first use.
   */
  track(name: string, work: Promise<unknown>): Promise<void> {
    this.pending.add(name);
    const settled = () => {
      this.pending.delete(name);
    };
    return work.then(settled, settled);
  }

  /** What readiness still waits for, in the order it was started. */
  get waitingFor(): string[] {
    return [...this.pending];
  }
}

export const lifecyclePlugin = fp(
  async (app) => {
    const lifecycle = new Lifecycle();
    app.decorate('lifecycle', lifecycle);

    // After CORS (app.ts), so these 503s carry CORS headers and a browser app can read them.
    app.addHook('onRequest', async (request, reply) => {
      if (!lifecycle.shuttingDown) return;
      reply.header('connection', 'close');
      // Health routes still answer: liveness stays truthful and readiness reports its own 503, so the
      // orchestrator sees the drain. Everything else is told to go elsewhere.
      if (isHealthRoute(request)) return;
      throw new ServiceUnavailableError('SHUTTING_DOWN', 'The service is shutting down; retry on another instance or shortly.');
    });

    // Once shutting down, every reply closes its connection (those already in flight included), so no client
    // is left holding an idle keep-alive socket that the final close would reset under its next request.
    app.addHook('onSend', async (_request, reply, payload) => {
      if (lifecycle.shuttingDown) reply.header('connection', 'close');
      return payload;
    });

    app.addHook('preClose', async () => {
      lifecycle.startClosing();
    });
  },
  { name: 'lifecycle' },
);
