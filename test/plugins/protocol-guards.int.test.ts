// Requests Node would answer by itself in plain text, or that it would let through although HTTP says they
// are wrong, over a real socket: each gets one problem+json reply with a request id, and /metrics counts the
// ones refused before routing.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toProblem } from '../../src/plugins/error-handler.js';
import { buildExplorer } from '../../tools/build-explorer.js';
import { type RawReply, rawRequest } from '../helpers/raw-http.js';
import { useListeningApp } from '../helpers/seeded-app.js';

const listening = useListeningApp();
const app = () => listening.app();
const port = () => listening.port();
let cpuBeforeFirstScrape = 0;

function expectProblem(reply: RawReply, status: number, code: string): Record<string, unknown> {
  expect(reply.status, reply.body.slice(0, 300)).toBe(status);
  expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(reply.headers['x-request-id']).toMatch(/^[A-Za-z0-9._:-]{1,64}$/);
  const body = JSON.parse(reply.body) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code, requestId: reply.headers['x-request-id'] });
  return body;
}

function sample(text: string, name: string, labels = ''): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name} `)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('process CPU in /metrics', () => {
  it('counts the CPU the process used before the first scrape', async () => {
    const usage = process.cpuUsage();
    cpuBeforeFirstScrape = (usage.user + usage.system) / 1e6;
    const text = await (await fetch(`http://127.0.0.1:${port()}/metrics`)).text();
    expect(cpuBeforeFirstScrape).toBeGreaterThan(0.2);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThanOrEqual(cpuBeforeFirstScrape);
  });
});

describe('requests Node would refuse in plain text', () => {
  it('answers an HTTP/1.1 request without Host with 400 problem+json', async () => {
    expectProblem(await rawRequest(port(), 'GET /v1/categories HTTP/1.1\r\nConnection: close\r\n\r\n'), 400, 'MALFORMED_REQUEST');
  });

  it('answers a request with two Host headers with 400 problem+json', async () => {
    const reply = await rawRequest(
      port(),
      'GET /v1/categories HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\nConnection: close\r\n\r\n',
    );
    expect(expectProblem(reply, 400, 'MALFORMED_REQUEST').detail).toMatch(/more than one Host/);
  });

  it('answers an Expect it cannot meet with 417 problem+json, and /metrics counts it', async () => {
    const metrics = async () => (await fetch(`http://127.0.0.1:${port()}/metrics`)).text();
    const before = sample(await metrics(), 'http_requests_refused_total', '{status="417",code="EXPECTATION_FAILED"}');
    expectProblem(
      await rawRequest(port(), 'GET /v1/categories HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: bogus\r\n\r\n'),
      417,
      'EXPECTATION_FAILED',
    );
    expect(sample(await metrics(), 'http_requests_refused_total', '{status="417",code="EXPECTATION_FAILED"}')).toBe(before + 1);
  });

  it('answers CONNECT with 405 problem+json instead of dropping the connection', async () => {
    expectProblem(await rawRequest(port(), 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'), 405, 'METHOD_NOT_ALLOWED');
  });

  it('counts requests the HTTP parser refuses', async () => {
    const metrics = async () => (await fetch(`http://127.0.0.1:${port()}/metrics`)).text();
    const before = sample(await metrics(), 'http_requests_refused_total', '{status="400",code="MALFORMED_REQUEST"}');
    expectProblem(
      await rawRequest(port(), 'GET /v1/categories HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: x\r\n\r\n'),
      400,
      'MALFORMED_REQUEST',
    );
    expect(sample(await metrics(), 'http_requests_refused_total', '{status="400",code="MALFORMED_REQUEST"}')).toBe(before + 1);
  });
});

describe('requests HTTP says are wrong', () => {
  it.each(['/v1/search?q=%E0%A4%A', '/v1/search?q=%FF', '/v1/search?q=ok&x=%zz'])(
    'refuses the malformed query encoding %s',
    async (url) => {
      expectProblem(await rawRequest(port(), `GET ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`), 400, 'MALFORMED_URL');
    },
  );

  it('refuses a body in a content coding it does not decode, naming the one it accepts', async () => {
    const body = JSON.stringify({ query: 'containerd' });
    const reply = await rawRequest(
      port(),
      `POST /v1/retrieve HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
    expectProblem(reply, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(reply.headers['accept-encoding']).toBe('identity');
  });

  it('keeps a refusal of many unknown keys small (it does not echo them all)', async () => {
    const body = JSON.stringify(Object.fromEntries(Array.from({ length: 2_600 }, (_, i) => [`unknown_key_${i}`, 1])));
    expect(body.length).toBeGreaterThan(50_000);
    const reply = await app().inject({
      method: 'POST',
      url: '/v1/retrieve',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.body.length).toBeLessThan(8_000);
    expect(reply.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('maps a 403 raised with a bare status to FORBIDDEN, not BAD_REQUEST', () => {
    expect(toProblem(Object.assign(new Error('no'), { statusCode: 403 })).body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });
});

describe('headers and assets', () => {
  it('says DENY in X-Frame-Options, as the CSP says frame-ancestors none', async () => {
    const reply = await app().inject({ method: 'GET', url: '/v1/categories' });
    expect(reply.headers['x-frame-options']).toBe('DENY');
    expect(String(reply.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('builds the explorer without a source map unless asked for one', async () => {
    const plain = await mkdtemp(path.join(tmpdir(), 'explorer-plain-'));
    await buildExplorer(plain);
    expect((await readdir(plain)).filter((name) => name.endsWith('.map'))).toEqual([]);
    expect(await readFile(path.join(plain, 'app.js'), 'utf8')).not.toContain('sourceMappingURL');
    const dev = await mkdtemp(path.join(tmpdir(), 'explorer-dev-'));
    await buildExplorer(dev, { sourceMap: true });
    expect(await readdir(dev)).toContain('app.js.map');
  });
});
