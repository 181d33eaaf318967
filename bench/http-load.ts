// The benchmarks' HTTP client: `connections` keep-alive connections on 127.0.0.1, each sending its next
// request as soon as the last reply is read, for a number of requests or a length of time. node:http rather
// than fetch: its client costs less CPU per request, and the client shares the machine with the server.
import http from 'node:http';

export interface LoadRequest {
  port: number;
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Bytes of the last reply body. */
  bytes: number;
  /** Requests answered with another status than 200/304, or not at all; not in the other figures. */
  failed: number;
  lastError?: string;
}

export const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

export const median = (values: number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

/** One request; rejects on a status other than 200 and 304. */
export function send(agent: http.Agent, request: LoadRequest): Promise<{ status: number; bytes: number }> {
  const headers = { ...request.headers, ...(request.body ? { 'content-type': 'application/json' } : {}) };
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: request.port, method: request.method ?? 'GET', path: request.path, agent, headers },
      (response) => {
        let bytes = 0;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.byteLength;
          if ((response.statusCode ?? 0) >= 400) chunks.push(chunk);
        });
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          if (status !== 200 && status !== 304) reject(new Error(`${request.path}: ${status} ${Buffer.concat(chunks).toString()}`));
          else resolve({ status, bytes });
        });
        response.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`${request.path}: no reply within 30 s`)));
    req.on('error', reject);
    req.end(request.body);
  });
}

/** Runs `request` on `connections` connections until `requests` were answered or `seconds` have passed. */
export async function load(
  request: LoadRequest,
  options: { connections: number; requests?: number; seconds?: number },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const durations: number[] = [];
  const limit = options.requests ?? Number.POSITIVE_INFINITY;
  const started = performance.now();
  const deadline = options.seconds === undefined ? Number.POSITIVE_INFINITY : started + options.seconds * 1000;
  let issued = 0;
  let bytes = 0;
  let failed = 0;
  let lastError: string | undefined;
  try {
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        while (issued < limit && performance.now() < deadline) {
          issued++;
          const t = performance.now();
          try {
            bytes = (await send(agent, request)).bytes;
            durations.push(performance.now() - t);
          } catch (error) {
            // Counted, not thrown: one refused request (say, no free Neo4j connection on a loaded machine) must not lose the run.
            failed++;
            lastError = String(error).slice(0, 200);
          }
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const seconds = (performance.now() - started) / 1000;
  durations.sort((a, b) => a - b);
  return {
    requests: durations.length,
    seconds,
    perSecond: durations.length / seconds,
    p50: percentile(durations, 50),
    p99: percentile(durations, 99),
    bytes,
    failed,
    ...(lastError ? { lastError } : {}),
  };
}

/**
 * Sends `request` one at a time until `successes` in a row were answered, retrying failures (a first request
 * that builds an index may run out of time on a busy machine) for at most `seconds`.
 */
export async function warmUp(request: LoadRequest, successes: number, seconds = 120): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const deadline = performance.now() + seconds * 1000;
  let row = 0;
  let lastError: unknown;
  try {
    while (row < successes) {
      if (performance.now() > deadline) throw new Error(`${request.path} did not answer within ${seconds} s: ${String(lastError)}`);
      try {
        await send(agent, request);
        row++;
      } catch (error) {
        lastError = error;
        row = 0;
      }
    }
  } finally {
    agent.destroy();
  }
}
