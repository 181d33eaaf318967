// The servers the benchmarks measure, each in a process of its own so that the load client's CPU is not
// counted as theirs and their CPU per request can be read from the outside:
//   api       the whole service (buildApp) with the reply cache off, rate limits and lag shedding off;
//   raw       a bare node:http server calling the same src/graph functions (the same named statements, the
//             same GraphDatabase and catalogue cache) and writing JSON.stringify of the result: the floor the
//             API is compared against, with no validation, hooks, serialiser or plugins;
//   constant  a bare Fastify app with one route answering a constant small JSON: what a 304 is compared to.
// The parent starts one with startBenchServer(kind, neo4jUri), asks for its CPU time, and stops it.
import { type ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { ProblemError } from '../src/errors.js';
import { CatalogueCache } from '../src/graph/catalogue.js';
import { getConcept } from '../src/graph/concepts.js';
import { GraphDatabase } from '../src/graph/database.js';
import { createDriver } from '../src/graph/driver.js';
import { searchConcepts } from '../src/graph/search.js';
import { findRelations } from '../src/graph/triple-query.js';
import { stopServer } from './api-process.js';

export type BenchServerKind = 'api' | 'raw' | 'constant';

export interface BenchServer {
  kind: BenchServerKind;
  port: number;
  /** CPU time (user + system) the server process has used so far, in milliseconds. */
  cpuMs(): Promise<number>;
  stop(): Promise<void>;
}

type ChildMessage = { type: 'listening'; port: number } | { type: 'cpu'; ms: number };

/** Starts a server of `kind` in a child process on 127.0.0.1 (a free port) against Neo4j at `neo4jUri`. */
export async function startBenchServer(kind: BenchServerKind, neo4jUri: string): Promise<BenchServer> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [kind], {
    // BENCH_NODE_FLAGS adds Node flags to the servers only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile them.
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean)],
    env: { ...process.env, NEO4J_URI: neo4jUri },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends ChildMessage['type']>(type: T) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (message: ChildMessage) => {
        if (message.type !== type) return;
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(message as Extract<ChildMessage, { type: T }>);
      };
      const onExit = (code: number | null) => reject(new Error(`bench server ${kind} exited (${code}) before answering`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const { port } = await next('listening');
  return {
    kind,
    port,
    async cpuMs() {
      const answer = next('cpu');
      child.send({ type: 'cpu' });
      return (await answer).ms;
    },
    stop: () => stopServer(child),
  };
}

/** The raw-driver server: the same domain calls as the API's concept, relations and search routes. */
function rawServer(db: GraphDatabase, catalogue: CatalogueCache): http.Server {
  const routes: [RegExp, (match: RegExpMatchArray, query: URLSearchParams) => Promise<unknown>][] = [
    [/^\/v1\/concepts\/([^/]+)$/, async (match) => getConcept(db, await catalogue.get(), decodeURIComponent(match[1] ?? ''))],
    [
      /^\/v1\/relations$/,
      async (_, query) =>
        findRelations(db, await catalogue.get(), {
          subject: query.get('subject') ?? undefined,
          object: query.get('object') ?? undefined,
          type: query.get('type')?.split(','),
          limit: Number(query.get('limit') ?? 20),
        }),
    ],
    [
      /^\/v1\/search$/,
      async (_, query) => ({
        items: await searchConcepts(db, await catalogue.get(), query.get('q') ?? '', Number(query.get('limit') ?? 10)),
      }),
    ],
  ];
  return http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const reply = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      response.end(text);
    };
    for (const [pattern, handle] of routes) {
      const match = url.pathname.match(pattern);
      if (!match) continue;
      handle(match, url.searchParams).then(
        (body) => reply(200, body),
        (error: unknown) => reply(error instanceof ProblemError ? error.status : 500, { detail: String(error) }),
      );
      return;
    }
    reply(404, { detail: 'no such route' });
  });
}

/**
 * The API as the benches measure it: limits that would refuse a benchmark's load (rate limits, lag shedding,
 * the in-flight cap) off, no seed on start, silent, and no reply cache, so every request reaches Neo4j (a
 * matching If-None-Match is still answered 304: the ETag needs no stored body).
 */
export async function buildBenchApi(config: Config): Promise<FastifyInstance> {
  const limits = { ...config.limits, lookupMax: 0, heavyMax: 0, maxEventLoopDelayMs: 0, maxInFlight: 10_000, maxInFlightHeavy: 10_000 };
  const app = await buildApp({ ...config, limits, seed: { ...config.seed, onStart: 'never' }, logLevel: 'silent' }, { logger: false });
  await app.ready();
  app.replyCache.resize(0);
  return app;
}

/**
 * Waits until the API reports ready (up to a minute): it answers 503 until its health probe has seen Neo4j
 * and its retrieval index is built and practised, so no build is counted against the first routes measured.
 */
export async function untilReady(readiness: () => Promise<number>): Promise<void> {
  for (let tries = 0; tries < 240 && (await readiness()) !== 200; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function serve(kind: BenchServerKind): Promise<void> {
  const config = loadConfig();
  const neo4jConfig = { ...config.neo4j, password: '' };
  let listen: () => Promise<number>;
  let close: () => Promise<void>;
  if (kind === 'api') {
    const app = await buildBenchApi({ ...config, neo4j: neo4jConfig });
    listen = async () => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const port = (app.server.address() as AddressInfo).port;
      await untilReady(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).status);
      return port;
    };
    close = () => app.close();
  } else if (kind === 'raw') {
    const driver = createDriver(neo4jConfig);
    const db = new GraphDatabase(driver, neo4jConfig.database, neo4jConfig.queryTimeoutMs);
    const server = rawServer(db, new CatalogueCache(db));
    listen = () => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
    close = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await driver.close();
    };
  } else {
    const app = Fastify({ logger: false });
    app.get('/constant', async () => ({ status: 'ok', service: 'concept-graph' }));
    listen = async () => {
      await app.listen({ host: '127.0.0.1', port: 0 });
      return (app.server.address() as AddressInfo).port;
    };
    close = () => app.close();
  }
  const port = await listen();
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'cpu') return;
    const used = process.cpuUsage();
    process.send?.({ type: 'cpu', ms: (used.user + used.system) / 1000 } satisfies ChildMessage);
  });
  const stop = () => void close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('disconnect', stop); // the bench died: do not outlive it
  process.send?.({ type: 'listening', port } satisfies ChildMessage);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const kind = process.argv[2];
  if (kind !== 'api' && kind !== 'raw' && kind !== 'constant') throw new Error(`unknown bench server ${kind}`);
  await serve(kind);
}
