// The reply cache's storage: lru-cache bounded by the bytes of its entries, with the counters /metrics reads.
// Pure, so it is unit-tested without a server.
import { LRUCache } from 'lru-cache';

export interface CachedReply {
  body: Buffer;
  contentType: string;
  etag: string;
}

export interface ReplyCacheStats {
  hits: number;
  misses: number;
  notModified: number;
  entries: number;
  bytes: number;
  maxBytes: number;
}

/** Bytes an entry costs beyond its body (key, headers, bookkeeping): a rough figure, so tiny replies still count. */
const entryOverheadBytes = 256;

const sizeOf = (reply: CachedReply, key: string): number => reply.body.byteLength + key.length + entryOverheadBytes;

/** A least-recently-used cache of `maxBytes`, or none at all for a budget of 0 (lru-cache needs a positive one). */
function lruOf(maxBytes: number): LRUCache<string, CachedReply> | undefined {
  const maxSize = Math.floor(maxBytes);
  if (maxSize < 1) return undefined;
  return new LRUCache<string, CachedReply>({ maxSize, sizeCalculation: sizeOf });
}

export class ReplyCacheStore {
  private entries: LRUCache<string, CachedReply> | undefined;
  hits = 0;
  misses = 0;
  notModified = 0;

  constructor(public maxBytes: number) {
    this.entries = lruOf(maxBytes);
  }

  /** Changes the byte budget (0 turns caching off, as the benchmarks do to measure uncached replies). */
  resize(maxBytes: number): void {
    const old = this.entries;
    this.maxBytes = maxBytes;
    this.entries = lruOf(maxBytes);
    if (!old || !this.entries) return;
    // Least recently used first, so the most recent entries are the ones a smaller budget keeps; what was
    // kept stays, as long as it fits.
    for (const key of old.rkeys()) {
      const reply = old.peek(key);
      if (reply) this.entries.set(key, reply);
    }
  }

  get(key: string): CachedReply | undefined {
    const reply = this.entries?.get(key);
    if (reply) this.hits++;
    else this.misses++;
    return reply;
  }

  set(key: string, reply: CachedReply): void {
    if (sizeOf(reply, key) > this.maxBytes / 4) return; // one huge reply must not flush everything else
    this.entries?.set(key, reply);
  }

  stats(): ReplyCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      notModified: this.notModified,
      entries: this.entries?.size ?? 0,
      bytes: this.entries?.calculatedSize ?? 0,
      maxBytes: this.maxBytes,
    };
  }
}

/** The query string with its parameters sorted, so `?a=1&b=2` and `?b=2&a=1` share an entry. */
export function normalisedQuery(query: unknown): string {
  if (!query || typeof query !== 'object') return '';
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query as Record<string, unknown>)) {
    for (const item of Array.isArray(value) ? value : [value])
      pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`);
  }
  return pairs.sort().join('&');
}

/** Whether an If-None-Match header names this ETag (weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}
