// /mcp refuses what a DNS-rebinding page or a broken client sends, as problem+json, before any MCP work:
// a malformed Host (400), a Host or Origin it does not serve (403); and CORS for /mcp stays closed unless
// configured. Over a real socket, since some of these Host values no HTTP client library would send.
import type net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { configWith } from '../../src/config.js';
import { testConfig } from '../helpers/app.js';
import { rawRequest } from '../helpers/raw-http.js';

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'access-test', version: '1' } },
});

function mcpPost(headers: string): string {
  return (
    `POST /mcp HTTP/1.1\r\n${headers}Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n` +
    `Content-Length: ${Buffer.byteLength(initialize)}\r\nConnection: close\r\n\r\n${initialize}`
  );
}

async function listen(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return (app.server.address() as net.AddressInfo).port;
}

describe('/mcp Host and Origin checks (defaults: loopback only)', () => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    app = await buildApp(testConfig(), { logger: false });
    port = await listen(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it.each(['a b', '[', 'a:99999', 'exa_mple.com', ''])('answers 400 problem+json to the malformed Host %j', async (host) => {
    const reply = await rawRequest(port, mcpPost(`Host: ${host}\r\n`));
    expect(reply.status, reply.body).toBe(400);
    expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(reply.body)).toMatchObject({ code: 'MALFORMED_REQUEST' });
  });

  it('answers 403 HOST_NOT_ALLOWED to a host name it does not serve (a rebinding attack names the attacker domain)', async () => {
    const reply = await rawRequest(port, mcpPost('Host: attacker.example:3000\r\n'));
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toMatchObject({ code: 'HOST_NOT_ALLOWED', status: 403 });
  });

  it('answers 403 ORIGIN_NOT_ALLOWED to a page from another origin, even with a loopback Host', async () => {
    const reply = await rawRequest(port, mcpPost(`Host: 127.0.0.1:${port}\r\nOrigin: https://evil.example\r\n`));
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body)).toMatchObject({ code: 'ORIGIN_NOT_ALLOWED' });
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves loopback hosts and origins, and a client that sends no Origin', async () => {
    for (const headers of [
      `Host: 127.0.0.1:${port}\r\n`,
      'Host: localhost\r\nOrigin: http://localhost:6274\r\n',
      `Host: [::1]:${port}\r\n`,
    ]) {
      const reply = await rawRequest(port, mcpPost(headers));
      expect(reply.status, `${headers}: ${reply.body}`).toBe(200);
      expect(JSON.parse(reply.body)).toMatchObject({ jsonrpc: '2.0', id: 1, result: { serverInfo: expect.any(Object) } });
    }
  });

  it('keeps CORS for /mcp closed by default while the REST API stays open', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/mcp',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const mcp = await app.inject({
      method: 'POST',
      url: '/mcp',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      payload: initialize,
    });
    expect(mcp.statusCode).toBe(200);
    expect(mcp.headers['access-control-allow-origin']).toBeUndefined();
    const api = await app.inject({ method: 'GET', url: '/v1/relation-types', headers: { origin: 'https://app.example' } });
    expect(api.headers['access-control-allow-origin']).toBe('*');
  });

  it('answers GET and DELETE with 405 METHOD_NOT_ALLOWED', async () => {
    for (const method of ['GET', 'DELETE'] as const) {
      const reply = await app.inject({ method, url: '/mcp' });
      expect(reply.statusCode).toBe(405);
      expect(reply.json()).toMatchObject({ code: 'METHOD_NOT_ALLOWED', status: 405 });
      expect(reply.headers.allow).toBe('POST');
    }
  });
});

describe('/mcp with configured hosts and origins', () => {
  let app: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    const base = testConfig();
    app = await buildApp(
      configWith({
        ...base,
        http: { ...base.http, mcpAllowedHosts: ['mcp.example', 'localhost'], mcpAllowedOrigins: ['https://assistant.example'] },
      }),
      { logger: false },
    );
    port = await listen(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves a configured host and origin, with CORS open to that origin only', async () => {
    const reply = await rawRequest(port, mcpPost('Host: mcp.example\r\nOrigin: https://assistant.example\r\n'));
    expect(reply.status, reply.body).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBe('https://assistant.example');
    const other = await rawRequest(port, mcpPost('Host: mcp.example\r\nOrigin: https://elsewhere.example\r\n'));
    expect(other.status).toBe(403);
    const loopbackHost = await rawRequest(port, mcpPost('Host: 127.0.0.1\r\n'));
    expect(loopbackHost.status).toBe(403);
  });
});
