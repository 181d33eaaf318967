// What changed over HTTP (docs/integrating.md): the change feed as pages (`GET /v1/changes?since=`) and as
// Server-Sent Events with Last-Event-ID resume (`GET /v1/changes/stream`), and one element's history.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ServiceUnavailableError } from '../errors.js';
import { elementHistory, latestRevisionSeq, listChanges, Revision } from '../graph/curation/revisions.js';
import { ConceptId } from '../graph/model.js';
import { ChangeFeed, changeFeedTuning } from '../http/change-feed.js';
import { RelationIdParam } from './curation-schemas.js';
import { jsonReply, limitParam, notModifiedReply, problemReplies } from './schemas.js';

const seqParam = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const exampleRevision: Revision = {
  seq: 12,
  at: '2026-12-06T10:15:00.000Z',
  by: 'teacher-kim',
  kind: 'concept',
  op: 'update',
  target: 'buildkit',
  before: { id: 'buildkit', summary: { en: 'The build engine.', ko: '빌드 엔진.' } },
  after: { id: 'buildkit', summary: { en: 'The build engine behind docker build.', ko: 'docker build 뒤의 빌드 엔진.' } },
};

const ChangesPage = z.object({
  items: z.array(Revision),
  latest: z.number().int().describe('The latest revision now'),
  nextSince: z.number().int().nullable().describe('Pass as `since` for the next page; null when this page reaches the latest'),
});

const HistoryPage = z.object({
  items: z.array(Revision).describe('Newest first'),
  nextBefore: z.number().int().nullable().describe('Pass as `before` for older revisions; null when there are none'),
});

const historyQuery = z.strictObject({
  before: seqParam
    .optional()
    .describe('Only revisions older than this seq (for the next page)')
    .meta({ examples: [100] }),
  limit: limitParam(20, 100)
    .describe('Most revisions returned (1–100, default 20)')
    .meta({ examples: [20] }),
});

// Each route's options (cost, schema, documented replies) are a constant named after its operation; the
// plugin pairs each with its path and handler.

const listChangesOptions = {
  config: { cost: 'lookup' },
  schema: {
    tags: ['curation'],
    operationId: 'listChanges',
    summary: 'Revisions made over HTTP, oldest first',
    description: 'Every write over HTTP is a revision numbered from 1. Page with `since` (the last seq you have).',
    querystring: z.strictObject({
      since: seqParam
        .default(0)
        .describe('Revisions after this seq (default 0: from the first)')
        .meta({ examples: [0] }),
      limit: limitParam(100, 500)
        .describe('Most revisions returned (1–500, default 100)')
        .meta({ examples: [100] }),
    }),
    response: {
      200: jsonReply(ChangesPage, 'Revisions after `since`', { items: [exampleRevision], latest: 12, nextSince: null }),
      ...notModifiedReply,
      ...problemReplies(400, 500, 503),
    },
  },
} as const;

const streamChangesOptions = {
  config: { cost: 'feed', cache: false },
  schema: {
    tags: ['curation'],
    operationId: 'streamChanges',
    summary: 'Revisions as Server-Sent Events, live',
    description:
      'Each event is `event: revision`, `id: <seq>`, `data: <Revision JSON>`. A client that reconnects with Last-Event-ID (browsers do) resumes after it; `since` starts from a given seq; with neither, the stream starts at the latest revision. A comment line every 15 s keeps proxies from closing it.',
    querystring: z.strictObject({
      since: seqParam
        .optional()
        .describe('Start after this seq (Last-Event-ID wins when both are sent)')
        .meta({ examples: [0] }),
    }),
    headers: z.looseObject({
      'last-event-id': z
        .string()
        .max(20)
        .regex(/^\d+$/, 'must be a revision seq')
        .optional()
        .describe('Resume after this seq')
        .meta({ examples: ['12'] }),
    }),
    response: {
      200: {
        description: 'An endless text/event-stream of revisions',
        content: {
          'text/event-stream': { schema: z.string(), example: `id: 12\nevent: revision\ndata: ${JSON.stringify(exampleRevision)}\n\n` },
        },
      },
      ...problemReplies(400, 500, 503),
    },
  },
} as const;

const getConceptHistoryOptions = {
  config: { cost: 'lookup' },
  schema: {
    tags: ['curation'],
    operationId: 'getConceptHistory',
    summary: 'A concept’s revisions, newest first',
    description: 'Only writes over HTTP are revisions; a concept never changed over HTTP has an empty history.',
    params: z.strictObject({ id: ConceptId }),
    querystring: historyQuery,
    response: {
      200: jsonReply(HistoryPage, 'The revisions', { items: [exampleRevision], nextBefore: null }),
      ...notModifiedReply,
      ...problemReplies(400, 500, 503),
    },
  },
} as const;

const getRelationHistoryOptions = {
  config: { cost: 'lookup' },
  schema: {
    tags: ['curation'],
    operationId: 'getRelationHistory',
    summary: 'A relation’s revisions, newest first',
    params: z.strictObject({ id: RelationIdParam }),
    querystring: historyQuery,
    response: {
      200: jsonReply(HistoryPage, 'The revisions', { items: [], nextBefore: null }),
      ...notModifiedReply,
      ...problemReplies(400, 500, 503),
    },
  },
} as const;

export const changeRoutes: FastifyPluginAsyncZod = async (app) => {
  const feed = new ChangeFeed(
    (since, limit) => listChanges(app.graphDb, since, limit),
    (error) => app.log.warn({ err: error }, 'change feed: reading revisions failed'),
  );
  app.addHook('preClose', async () => feed.close());

  app.get('/changes', listChangesOptions, async (request) => {
    const [items, latest] = await Promise.all([
      listChanges(request.graphDb, request.query.since, request.query.limit),
      latestRevisionSeq(request.graphDb),
    ]);
    const last = items.at(-1)?.seq;
    return { items, latest, nextSince: last !== undefined && last < latest ? last : null };
  });

  app.get('/changes/stream', streamChangesOptions, async (request, reply) => {
    if (feed.full)
      throw new ServiceUnavailableError(
        'OVERLOADED',
        `This instance streams to ${changeFeedTuning.maxSubscribers} clients already; retry shortly.`,
      );
    const latest = await latestRevisionSeq(request.graphDb);
    const resume = request.headers['last-event-id'];
    const since = resume !== undefined ? Number(resume) : (request.query.since ?? latest);
    reply.header('content-type', 'text/event-stream; charset=utf-8').header('cache-control', 'no-store').header('x-accel-buffering', 'no');
    // A stream is not what the schema types (it declares the text the stream carries): hence the cast, as in export.ts.
    return reply.send(feed.subscribe(Math.min(since, latest), latest) as never);
  });

  app.get('/concepts/:id/history', getConceptHistoryOptions, async (request) =>
    history(request.graphDb, 'concept', request.params.id, request.query),
  );

  app.get('/relations/:id/history', getRelationHistoryOptions, async (request) =>
    history(request.graphDb, 'relation', request.params.id, request.query),
  );
};

async function history(
  db: Parameters<typeof elementHistory>[0],
  kind: 'concept' | 'relation',
  target: string,
  query: { before?: number | undefined; limit: number },
) {
  const items = await elementHistory(db, kind, target, query.before ?? Number.MAX_SAFE_INTEGER, query.limit + 1);
  const page = items.slice(0, query.limit);
  return { items: page, nextBefore: items.length > query.limit ? (page.at(-1)?.seq ?? null) : null };
}
