// How MCP handlers reach the graph: the functions the REST routes call, with the request's database view and
// the app's catalogue, so MCP and REST answer with the same facts and no query is written twice. Over HTTP a
// graph call (a tool, a resource read, a completion) costs what a REST request would: the /mcp request's own
// rate-limit count (cost `relay`, src/http/route-cost.ts) covers its first call, each further call in the same
// request counts once more, and the calls of one request run one at a time. Over stdio there is one local
// client and no budget.
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { ProblemError } from '../errors.js';
import type { Catalogue } from '../graph/catalogue.js';
import type { GraphDatabase } from '../graph/database.js';
import { type RetrieveReply, RetrieveRequest } from '../graph/retrieval/index.js';

/** What a tool's work gets: the database view and the catalogue (read when the arguments have passed). */
export interface ToolGraph {
  db: GraphDatabase;
  catalogue(): Promise<Catalogue>;
}

export interface GraphAccess {
  /** Runs one graph call's work once the calls before it are done and the client's budget allows it. */
  call<T>(work: (graph: ToolGraph) => Promise<T>): Promise<T>;
  /** What POST /v1/retrieve answers, for the tool and the prompt. */
  retrieve(request: z.input<typeof RetrieveRequest>): Promise<RetrieveReply>;
  log: FastifyBaseLogger;
  /** The MCP request's id, repeated in a tool error so that it joins the request's log lines. */
  requestId?: string;
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** One more count against the request's client budget (the one its route draws on); a refusal is a RATE_LIMITED problem. */
async function countAgain(limiter: Limiter, request: FastifyRequest): Promise<void> {
  const result = await limiter(request);
  if (result.isAllowed || !result.isExceeded) return;
  throw new ProblemError(
    'RATE_LIMITED',
    `More than ${result.max} requests in ${Math.round(result.timeWindow / 1000)} s from this client, each MCP graph call counted; retry in ${result.ttlInSeconds} s.`,
  );
}

type Queue = <T>(work: () => Promise<T>) => Promise<T>;

/** The graph calls of one MCP request, one at a time, each but the first counted against the client's budget. */
function callQueue(app: FastifyInstance, request: FastifyRequest): Queue {
  const limiter = app.createRateLimit();
  let calls = 0;
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    const turn = last.then(async () => {
      if (calls++ > 0) await countAgain(limiter, request);
      return work();
    });
    last = turn.catch(() => undefined);
    return turn;
  };
}

/** The graph for the tools of one /mcp request, or with no request for the stdio server's whole session. */
export function graphAccess(app: FastifyInstance, request?: FastifyRequest): GraphAccess {
  const graph: ToolGraph = { db: request?.graphDb ?? app.graphDb, catalogue: () => app.catalogue.get() };
  const queue: Queue = request ? callQueue(app, request) : (work) => work();
  return {
    call: (work) => queue(() => work(graph)),
    retrieve: (body) => queue(async () => app.retriever.retrieve(await app.catalogue.get(), RetrieveRequest.parse(body))),
    log: request?.log ?? app.log,
    ...(request ? { requestId: request.id } : {}),
  };
}
