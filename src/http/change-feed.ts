// The change feed as Server-Sent Events: each subscriber first receives the revisions after its starting point
// (Last-Event-ID or ?since=), page by page, then new ones as they commit. One poller per process asks Neo4j
// for revisions newer than the last it saw, once a second and only while someone listens, so every replica
// streams every write whichever replica made it.
import { PassThrough } from 'node:stream';
import type { Revision } from '../graph/curation/revisions.js';

export const changeFeedTuning = {
  pollIntervalMs: 1_000,
  /** Revisions read per query, for the catch-up of a new subscriber and for each poll. */
  pageSize: 100,
  /** A comment line this often keeps proxies from closing an idle stream. */
  heartbeatMs: 15_000,
  /** Subscribers one process serves; more get 503 OVERLOADED. */
  maxSubscribers: 100,
  /** Client reconnection delay announced in the stream (`retry:`). */
  retryMs: 2_000,
};

export type ReadChanges = (since: number, limit: number) => Promise<Revision[]>;

interface Subscriber {
  stream: PassThrough;
  /** The last revision this subscriber has been sent. */
  sent: number;
  /** True while its catch-up runs; the poller then leaves it alone. */
  catchingUp: boolean;
}

export function sseEvent(revision: Revision): string {
  return `id: ${revision.seq}\nevent: revision\ndata: ${JSON.stringify(revision)}\n\n`;
}

export class ChangeFeed {
  private readonly subscribers = new Set<Subscriber>();
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private polling = false;
  private seen = 0;

  constructor(
    private readonly read: ReadChanges,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  get size(): number {
    return this.subscribers.size;
  }

  get full(): boolean {
    return this.subscribers.size >= changeFeedTuning.maxSubscribers;
  }

  /** A stream of events after revision `since`; ends when the client goes or the feed closes. */
  subscribe(since: number, latest: number): PassThrough {
    const stream = new PassThrough();
    const subscriber: Subscriber = { stream, sent: since, catchingUp: true };
    this.subscribers.add(subscriber);
    this.seen = Math.max(this.seen, latest);
    stream.write(`retry: ${changeFeedTuning.retryMs}\n\n`);
    stream.once('close', () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.stop();
    });
    void this.catchUp(subscriber, latest);
    this.start();
    return stream;
  }

  /** Ends every stream (shutdown). */
  close(): void {
    for (const subscriber of this.subscribers) subscriber.stream.end();
    this.subscribers.clear();
    this.stop();
  }

  private async catchUp(subscriber: Subscriber, until: number): Promise<void> {
    try {
      // Until the subscriber has what the poller has seen: revisions polled meanwhile are not lost to it.
      while (subscriber.sent < Math.max(until, this.seen) && !subscriber.stream.destroyed) {
        const page = await this.read(subscriber.sent, changeFeedTuning.pageSize);
        if (page.length === 0) break;
        for (const revision of page) this.send(subscriber, revision);
        // Waits while the client reads slowly, so a long history is not buffered in memory.
        if (subscriber.stream.writableNeedDrain) await new Promise((resolve) => subscriber.stream.once('drain', resolve));
      }
    } catch (error) {
      this.onError(error);
      subscriber.stream.end();
    } finally {
      subscriber.catchingUp = false;
    }
  }

  private send(subscriber: Subscriber, revision: Revision): void {
    if (revision.seq <= subscriber.sent) return;
    subscriber.stream.write(sseEvent(revision));
    subscriber.sent = revision.seq;
  }

  private start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), changeFeedTuning.pollIntervalMs);
    this.timer.unref();
    this.heartbeat = setInterval(() => {
      for (const subscriber of this.subscribers) subscriber.stream.write(': keep-alive\n\n');
    }, changeFeedTuning.heartbeatMs);
    this.heartbeat.unref();
  }

  private stop(): void {
    clearInterval(this.timer);
    clearInterval(this.heartbeat);
    this.timer = undefined;
    this.heartbeat = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const fresh = await this.read(this.seen, changeFeedTuning.pageSize);
      for (const revision of fresh) {
        for (const subscriber of this.subscribers) if (!subscriber.catchingUp) this.send(subscriber, revision);
        this.seen = revision.seq;
      }
    } catch (error) {
      this.onError(error);
    } finally {
      this.polling = false;
    }
  }
}
