import { describe, expect, it } from 'vitest';
import { problemCatalog } from '../src/errors.js';
import { RouteTable, routePattern } from '../src/http/allowed-methods.js';
import { clientErrorProblem, toProblem } from '../src/plugins/error-handler.js';
import { acceptedRequestId } from '../src/plugins/request-id.js';

describe('allowed methods', () => {
  const table = new RouteTable();
  for (const [method, url] of [
    ['GET', '/v1/concepts'],
    ['GET', '/v1/concepts/:id'],
    ['GET', '/v1/concepts/:id/relations'],
    ['POST', '/v1/retrieve'],
    ['OPTIONS', '*'],
    ['GET', '/docs/*'],
  ] as const) {
    table.add({ method, url });
  }

  it('lists the methods of the routes matching a path, HEAD with GET, OPTIONS left out', () => {
    expect(table.allowed('/v1/concepts/containerd')).toEqual(['GET', 'HEAD']);
    expect(table.allowed('/v1/concepts/containerd/')).toEqual(['GET', 'HEAD']);
    expect(table.allowed('/v1/retrieve')).toEqual(['POST']);
    expect(table.allowed('/docs/static/x.js')).toEqual(['GET', 'HEAD']);
  });

  it('finds nothing for a path no route matches', () => {
    expect(table.allowed('/v1/concepts/a/b/c')).toEqual([]);
    expect(table.allowed('/v2/concepts')).toEqual([]);
  });

  it('escapes the literal parts of a route', () => {
    expect(routePattern('/openapi.json').test('/openapiXjson')).toBe(false);
    expect(routePattern('/openapi.json').test('/openapi.json')).toBe(true);
  });
});

describe('request ids', () => {
  it('accepts up to 64 letters, digits and ._:-', () => {
    expect(acceptedRequestId('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
    expect(acceptedRequestId('a'.repeat(64))).toBe('a'.repeat(64));
  });

  it.each([['a'.repeat(65)], [''], ['a b'], ['a\nb'], ['요청'], ['<script>']])('refuses %j', (id) => {
    expect(acceptedRequestId(id)).toBeUndefined();
  });

  it('refuses a repeated header', () => {
    expect(acceptedRequestId(['a', 'b'])).toBeUndefined();
  });
});

describe('problems', () => {
  it('maps the HTTP parser’s errors to their statuses', () => {
    expect(clientErrorProblem('HPE_HEADER_OVERFLOW')).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
    const longUrl = Buffer.from(`GET /v1/search?q=${'a'.repeat(12_000)} HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(5_000)}`);
    expect(clientErrorProblem('HPE_HEADER_OVERFLOW', longUrl)).toMatchObject({ status: 414, code: 'URI_TOO_LONG' });
    const endlessUrl = Buffer.from(`GET /v1/search?q=${'a'.repeat(17_000)}`);
    expect(clientErrorProblem('HPE_HEADER_OVERFLOW', endlessUrl)).toMatchObject({ status: 414, code: 'URI_TOO_LONG' });
    const bigHeader = Buffer.from(`GET /v1/concepts HTTP/1.1\r\nX-Pad: ${'p'.repeat(17_000)}`);
    expect(clientErrorProblem('HPE_HEADER_OVERFLOW', bigHeader)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
    expect(clientErrorProblem('ERR_HTTP_REQUEST_TIMEOUT')).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
    expect(clientErrorProblem('HPE_INVALID_URL')).toMatchObject({ status: 400, code: 'MALFORMED_REQUEST' });
  });

  it('maps errors that carry only a status to the code for that status', () => {
    const withStatus = (statusCode: number) => toProblem(Object.assign(new Error('x'), { statusCode })).body;
    expect(withStatus(429)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(withStatus(408)).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
    expect(withStatus(503)).toMatchObject({ status: 503 });
    expect(withStatus(418)).toMatchObject({ status: 418, code: 'BAD_REQUEST' });
  });

  it('keeps each code’s status in the catalogue', () => {
    for (const [code, { status }] of Object.entries(problemCatalog)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(code).toMatch(/^[A-Z0-9_]+$/);
    }
  });
});
