// A client that sends its body too slowly gets one reply, 408 problem+json, and the connection closes: not
// the handler deadline's 503 (no query ran), and never a second, unrequested reply on the same connection.
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../helpers/app.js';

let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  const base = testConfig();
  // The handler deadline shorter than the time allowed for the body: the order that gave a 503 and then a 408.
  app = await buildApp(
    { ...base, limits: { ...base.limits, requestTimeoutMs: 2_500, headersTimeoutMs: 2_000, handlerTimeoutMs: 1_000 } },
    { logger: false },
  );
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await app?.close();
});

/** Sends the headers and part of a body, then nothing; returns everything the server wrote until it closed. */
function slowBody(): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        'POST /v1/retrieve HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query": "cont',
      );
    });
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
    });
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      resolve(received);
    }, 8_000);
  });
}

describe('a request body that arrives too slowly', () => {
  it('gets exactly one reply, 408 REQUEST_TIMEOUT as problem+json, and the connection closes', async () => {
    const written = await slowBody();
    const statusLines = written.match(/^HTTP\/1\.1 \d{3}/gm) ?? [];
    expect(statusLines, written).toEqual(['HTTP/1.1 408']);
    expect(written).toMatch(/content-type: application\/problem\+json/i);
    const body = JSON.parse(written.slice(written.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
  }, 15_000);
});
