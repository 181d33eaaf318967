// Failed authentications per client, in fixed windows. An attempt is counted before its key is verified and
// given back once the key proves good, so a flood of bad keys (even many at once) is refused after `max`
// verifications per window instead of costing scrypt work on every attempt. Kept in each process on purpose:
// what it protects is that process's CPU.

export interface FailedAttemptsOptions {
  /** Failed attempts a client may make per window. */
  max: number;
  windowMs: number;
  /** Clients tracked at most (the least recently seen go first). */
  maxClients?: number;
  now?: () => number;
}

export type Attempt = { allowed: true } | { allowed: false; retryAfterMs: number };

export class FailedAttempts {
  private readonly windows = new Map<string, { count: number; startedAt: number }>();
  private readonly now: () => number;

  constructor(private readonly options: FailedAttemptsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Counts an attempt for `client` unless its failures have used up the window. */
  begin(client: string): Attempt {
    const now = this.now();
    let window = this.windows.get(client);
    // Deleted and set again, so the Map's order is least recently seen first.
    if (window) this.windows.delete(client);
    if (!window || window.startedAt + this.options.windowMs <= now) window = { count: 0, startedAt: now };
    this.windows.set(client, window);
    this.forgetOldest();
    if (window.count >= this.options.max) return { allowed: false, retryAfterMs: window.startedAt + this.options.windowMs - now };
    window.count++;
    return { allowed: true };
  }

  /** The attempt succeeded (or could not be decided, e.g. Neo4j was away): it does not count as a failure. */
  succeeded(client: string): void {
    const window = this.windows.get(client);
    if (window && window.count > 0) window.count--;
  }

  private forgetOldest(): void {
    if (this.windows.size <= (this.options.maxClients ?? 5_000)) return;
    const oldest = this.windows.keys().next();
    if (!oldest.done) this.windows.delete(oldest.value);
  }
}
