// The reply cache's storage: a least-recently-used map bounded by the bytes of its entries. Pure, so it is
// unit-tested without a server.

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

export class ReplyCacheStore {
  private readonly entries = new Map<string, CachedReply>();
  private bytes = 0;
  hits = 0;
  misses = 0;
  notModified = 0;

  constructor(public maxBytes: number) {}

  /** Changes the byte budget (0 turns caching off, as the benchmarks do to measure uncached replies). */
  resize(maxBytes: number): void {
    this.maxBytes = maxBytes;
    for (const [key, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= this.sizeOf(key, value);
    }
  }

  private sizeOf(key: string, reply: CachedReply): number {
    return reply.body.byteLength + key.length + entryOverheadBytes;
  }

  get(key: string): CachedReply | undefined {
    const reply = this.entries.get(key);
    if (!reply) {
      this.misses++;
      return undefined;
    }
    // Map keeps insertion order: re-inserting marks the entry as the most recently used.
    this.entries.delete(key);
    this.entries.set(key, reply);
    this.hits++;
    return reply;
  }

  set(key: string, reply: CachedReply): void {
    const size = this.sizeOf(key, reply);
    if (size > this.maxBytes / 4) return; // one huge reply must not flush everything else
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= this.sizeOf(key, old);
      this.entries.delete(key);
    }
    this.entries.set(key, reply);
    this.bytes += size;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= this.sizeOf(oldest, value);
    }
  }

  stats(): ReplyCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      notModified: this.notModified,
      entries: this.entries.size,
      bytes: this.bytes,
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
