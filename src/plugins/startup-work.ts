// Work the service does once after it starts, before every route can answer promptly: today the retrieval
// index (seconds of CPU at 10k concepts). Readiness answers 503 NOT_READY while any of it is pending, so an
// orchestrator sends no traffic that would queue behind it. A failed task stops holding readiness: the
// route then does the work on first use.
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    startupWork: StartupWork;
  }
}

export class StartupWork {
  private readonly pending = new Set<string>();

  /** Holds readiness until `work` settles; resolves when it does (never rejects). */
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

export const startupWorkPlugin = fp(
  async (app) => {
    app.decorate('startupWork', new StartupWork());
  },
  { name: 'startup-work' },
);
