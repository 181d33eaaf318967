import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/seeded-app.js';

describe('OpenAPI document and docs UI', () => {
  const { get } = useTestApp();

  it('serves /openapi.json that passes an OpenAPI 3.1 validator', async () => {
    const reply = await get('/openapi.json');
    expect(reply.statusCode).toBe(200);
    const document = reply.json();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toMatch(/^3\.1\./);
  });

  it('describes every route with a summary, tags, and an example for every reply', async () => {
    const document = (await get('/openapi.json')).json() as {
      paths: Record<
        string,
        Record<
          string,
          { summary?: string; tags?: string[]; responses: Record<string, { content?: Record<string, { example?: unknown }> }> }
        >
      >;
    };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThan(0);
    for (const { path, method, op } of operations) {
      expect(op.summary, `${method} ${path} summary`).toBeTruthy();
      expect(op.tags?.length, `${method} ${path} tags`).toBeGreaterThan(0);
      for (const [status, response] of Object.entries(op.responses)) {
        for (const [mediaType, media] of Object.entries(response.content ?? {})) {
          expect(media.example, `${method} ${path} ${status} ${mediaType} example`).toBeDefined();
        }
      }
    }
  });

  it('serves the Swagger UI at /docs, with its scripts from this server and the document it shows', async () => {
    const reply = await get('/docs/');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toMatch(/text\/html/);
    const scripts = [...reply.body.matchAll(/src="\.\/(static\/[^"]+)"/g)].map((match) => match[1]!);
    expect(scripts).toContain('static/swagger-ui-bundle.js');
    for (const script of scripts) expect((await get(`/docs/${script}`)).statusCode, script).toBe(200);
    const shown = (await get('/docs/json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(shown.paths)).toContain('/v1/retrieve');
  });

  it('declares on every operation with problem replies the statuses any request can meet (400, 408, 414, 431, 500, 503)', async () => {
    const document = (await get('/openapi.json')).json() as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
    };
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (path === '/health/live') continue;
        for (const status of ['400', '408', '414', '431', '500', '503']) {
          const response = operation.responses[status];
          expect(response, `${method} ${path} ${status}`).toBeDefined();
          expect(response?.content?.['application/problem+json']?.schema, `${method} ${path} ${status}`).toEqual({
            $ref: '#/components/schemas/Problem',
          });
        }
      }
    }
  });
});
