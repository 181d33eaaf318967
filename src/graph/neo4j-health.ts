// One shared view of whether Neo4j answers: a circuit breaker fed by driver errors and by a background
// probe with its own short timeout. While it is open, data routes fail in milliseconds instead of each
// waiting on the driver; when Neo4j answers again the service warms up before it calls itself ready.

import type { DriverErrorKind } from '../graph/driver-errors.js';

export type Neo4jStatus = 'unknown' | 'up' | 'down' | 'warming';

export interface Neo4jHealthEvent {
  from: Neo4jStatus;
  to: Neo4jStatus;
  reason: string;
}

/** The breaker's state machine; no I/O, so it is unit-tested on its own. */
export class Neo4jHealth {
  private current: Neo4jStatus = 'unknown';
  private changedAt: number;
  private lastReason = 'not probed yet';
  private readonly listeners: ((event: Neo4jHealthEvent) => void)[] = [];
  /** The server's agent string from the last answered probe, e.g. `Neo4j/5.26.30`. */
  serverAgent = 'unknown';
  /**
   * What the process knows beyond the probe about why Neo4j is away, e.g. that the local Neo4j it started
   * exited and is being restarted; readiness names it. Undefined when there is nothing to add.
   */
  cause: string | undefined;

  constructor(private readonly now: () => number = Date.now) {
    this.changedAt = now();
  }

  get status(): Neo4jStatus {
    return this.current;
  }

  /** Why the status last changed, e.g. the error that opened the breaker. */
  get reason(): string {
    return this.lastReason;
  }

  /** Milliseconds in the current status. */
  get age(): number {
    return this.now() - this.changedAt;
  }

  /** Whether data requests may go to Neo4j. Before the first probe they may: the driver's own bounds apply. */
  get admitsQueries(): boolean {
    return this.current === 'up' || this.current === 'unknown';
  }

  onChange(listener: (event: Neo4jHealthEvent) => void): void {
    this.listeners.push(listener);
  }

  /** A driver call failed; only "unreachable" opens the breaker (a slow query is the query's problem). */
  reportFailure(kind: DriverErrorKind, reason: string): void {
    if (kind === 'unavailable' && this.current !== 'down') this.move('down', reason);
  }

  /** The probe got no answer in time, or an error. */
  probeFailed(reason: string): void {
    if (this.current !== 'down') this.move('down', reason);
  }

  /** The probe got an answer. Returns true when the caller must warm up before traffic is let through. */
  probeSucceeded(): boolean {
    if (this.current === 'unknown') {
      this.move('up', 'first probe answered');
      return false;
    }
    if (this.current === 'down') {
      this.move('warming', 'Neo4j answers again; warming up');
      return true;
    }
    return false;
  }

  warmedUp(): void {
    if (this.current === 'warming') this.move('up', 'warm-up finished');
  }

  private move(to: Neo4jStatus, reason: string): void {
    const from = this.current;
    this.current = to;
    this.changedAt = this.now();
    this.lastReason = reason;
    for (const listener of this.listeners) listener({ from, to, reason });
  }
}

/** Tuning of the probe loop; the interval and timeout come from configuration. */
export const probeTuning = {
  /** While down, probe this much more often than while up, so recovery is noticed quickly. */
  downIntervalFactor: 0.5,
  /** Parallel cheap queries on the data pool after a return: replaces connections broken by the outage. */
  warmUpQueries: 4,
  /** Consecutive answered probes required before warming up, so one lucky answer does not reopen the floodgates. */
  answersBeforeWarmUp: 2,
  /**
   * Until Neo4j has answered once, a probe may take this long: a database that has just started (or a busy
   * machine) answers its first query slowly, and calling it down then would keep the seed from loading.
   */
  firstAnswerTimeoutMs: 5_000,
} as const;

export interface ProbeOptions {
  health: Neo4jHealth;
  intervalMs: number;
  timeoutMs: number;
  /** One cheap query on a connection pool of its own, so a hung data pool cannot block the probe. */
  probe(timeoutMs: number): Promise<unknown>;
  /** Work that must succeed before traffic returns (cheap queries on the data pool, cache reloads). */
  warmUp(): Promise<void>;
}

/** Rejects after `ms` unless the promise settles first; the promise itself is left to finish on its own. */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** The background probe: start() runs one probe at once (awaitable) and then keeps probing until stop(). */
export class Neo4jProbe {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private answers = 0;
  private everAnswered = false;

  constructor(private readonly options: ProbeOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** One probe (and warm-up when due), then the next one is scheduled. */
  private tick(): Promise<void> {
    this.running = this.probeOnce().finally(() => this.schedule());
    return this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    const { health, intervalMs } = this.options;
    const delay = health.status === 'up' ? intervalMs : Math.max(50, Math.round(intervalMs * probeTuning.downIntervalFactor));
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref();
  }

  private async probeOnce(): Promise<void> {
    const { health } = this.options;
    const timeoutMs = this.everAnswered ? this.options.timeoutMs : Math.max(this.options.timeoutMs, probeTuning.firstAnswerTimeoutMs);
    try {
      await withDeadline(this.options.probe(timeoutMs), timeoutMs, 'Neo4j');
      this.everAnswered = true;
    } catch (error) {
      this.answers = 0;
      health.probeFailed(error instanceof Error ? error.message : String(error));
      return;
    }
    this.answers++;
    if (health.status === 'down' && this.answers < probeTuning.answersBeforeWarmUp) return;
    if (!health.probeSucceeded()) return;
    try {
      await withDeadline(this.options.warmUp(), this.options.timeoutMs * 3, 'Neo4j warm-up');
      health.warmedUp();
    } catch (error) {
      this.answers = 0;
      health.probeFailed(`warm-up failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
