// The reply cache: successful GET replies under /v1 kept in memory (LRU by bytes), keyed by route, normalised
// query and graph version. The ETag derives from the same key and version, so a matching If-None-Match is
// answered 304 before any Neo4j query or serialisation, and a cached reply is sent as stored bytes. A new
// graph version (the seed changed the graph) makes every older entry unreachable; LRU evicts it in time.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { etagOfKey, replyCacheKey } from '../http/etag.js';
import { etagMatches, ReplyCacheStore } from '../http/reply-cache-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    replyCache: ReplyCacheStore;
  }
}

/** Tuning of the reply cache, in one place. */
export const replyCacheTuning = {
  /** Memory the cached bodies may take. */
  maxBytes: 32 * 1024 * 1024,
  /** How long a client may reuse a reply without asking again (the graph changes only when it is re-seeded). */
  clientMaxAgeSeconds: 5,
  /** Only routes under this prefix are cached. */
  prefix: '/v1/',
};

/** What every cacheable reply says about reuse; the OpenAPI document declares the same value. */
export const cacheControl = `public, max-age=${replyCacheTuning.clientMaxAgeSeconds}, must-revalidate`;

/** ETags of recent keys, so a repeated request (the usual If-None-Match) skips the hash. */
const etagMemo = { entries: new Map<string, string>(), maxEntries: 4096, maxKeyLength: 512 };

function etagOf(key: string): string {
  const known = etagMemo.entries.get(key);
  if (known) return known;
  const etag = etagOfKey(key);
  if (key.length <= etagMemo.maxKeyLength) {
    if (etagMemo.entries.size >= etagMemo.maxEntries) etagMemo.entries.clear();
    etagMemo.entries.set(key, etag);
  }
  return etag;
}

interface CacheContext {
  key: string;
  etag: string;
  served: boolean;
}

export interface ReplyCacheOptions {
  maxBytes?: number;
}

type Contexts = WeakMap<FastifyRequest, CacheContext>;

/**
 * The lookup. preHandler, not onRequest: rate limits (route-level onRequest hooks) and validation come first,
 * so a cached reply still counts against the client's budget and a bad query is still a 400.
 */
function addLookup(app: FastifyInstance, store: ReplyCacheStore, contexts: Contexts): void {
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const route = request.routeOptions.url;
    if (!route?.startsWith(replyCacheTuning.prefix) || request.routeOptions.config.cache === false) return;
    // While Neo4j is known to be down or warming up, data routes answer 503 as the health state says,
    // cached or not: clients and orchestrators see one consistent picture of the outage.
    if (!app.neo4jHealth.admitsQueries) return;
    let version: string;
    try {
      version = await app.graphVersion.current();
    } catch {
      return; // Neo4j unreachable: no version, no cache; the route answers (503) as it would without one
    }
    const key = replyCacheKey(version, request.url.split('?', 1)[0] ?? request.url, request.query);
    const etag = etagOf(key);
    const context: CacheContext = { key, etag, served: false };
    contexts.set(request, context);

    // `*` is left to onSend: it matches only when the route has a representation (a 200), which only the route knows.
    const ifNoneMatch = request.headers['if-none-match'];
    if (typeof ifNoneMatch === 'string' && ifNoneMatch.trim() !== '*' && etagMatches(ifNoneMatch, etag)) {
      store.notModified++;
      context.served = true;
      return reply.code(304).header('etag', etag).header('cache-control', cacheControl).send();
    }
    const cached = store.get(key);
    if (cached) {
      context.served = true;
      if (typeof ifNoneMatch === 'string' && ifNoneMatch.trim() === '*') {
        // A stored reply is a representation, so `*` matches it (RFC 9110 §13.1.2).
        store.notModified++;
        return reply.code(304).header('etag', etag).header('cache-control', cacheControl).send();
      }
      return reply.header('etag', etag).header('cache-control', cacheControl).type(cached.contentType).send(cached.body);
    }
  });
}

/** On a 200: ETag and Cache-Control, the body stored, and a matching If-None-Match turned into a 304. */
function addStore(app: FastifyInstance, store: ReplyCacheStore, contexts: Contexts): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const context = contexts.get(request);
    if (!context || context.served || reply.statusCode !== 200) return payload;
    reply.header('etag', context.etag);
    reply.header('cache-control', cacheControl);
    // Only a GET's body is the representation: a route may answer HEAD without one (the graph export does).
    if (request.method === 'GET' && store.maxBytes > 0 && (typeof payload === 'string' || Buffer.isBuffer(payload))) {
      const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
      store.set(context.key, { body, contentType: String(reply.getHeader('content-type') ?? 'application/json'), etag: context.etag });
      payload = body; // encoded once: the reply is written from the same bytes
    }
    const ifNoneMatch = request.headers['if-none-match'];
    if (typeof ifNoneMatch === 'string' && etagMatches(ifNoneMatch, context.etag)) {
      // The body is dropped: a streamed one is destroyed here, so it stops reading (its transaction is
      // also released when the reply closes, see plugins/neo4j.ts).
      if (payload instanceof Readable) payload.destroy();
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      return '';
    }
    return payload;
  });
}

export const replyCachePlugin = fp<ReplyCacheOptions>(
  async (app, options) => {
    const store = new ReplyCacheStore(options.maxBytes ?? replyCacheTuning.maxBytes);
    app.decorate('replyCache', store);
    const contexts: Contexts = new WeakMap();
    addLookup(app, store, contexts);
    addStore(app, store, contexts);
  },
  { name: 'reply-cache', dependencies: ['neo4j'] },
);
