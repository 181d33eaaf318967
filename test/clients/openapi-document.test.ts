// What generated clients need from the OpenAPI document: a stable operationId on every operation, one model
// per shape, an example for every parameter and body that works when sent as is, and the ETag contract.
import { describe, expect, it } from 'vitest';
import { useSteadySeededApp } from '../helpers/steady-app.js';

interface Parameter {
  name?: string;
  in?: string;
  required?: boolean;
  example?: unknown;
  $ref?: string;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { example?: unknown }> };
  responses: Record<string, { headers?: Record<string, unknown> }>;
}

interface Document {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; parameters?: Record<string, Parameter> };
}

const { app } = useSteadySeededApp();

async function openapi(): Promise<Document> {
  const reply = await app().inject({ method: 'GET', url: '/openapi.json' });
  expect(reply.statusCode).toBe(200);
  return reply.json<Document>();
}

function operations(document: Document) {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
}

describe('the OpenAPI document, for client generators', () => {
  it('gives every operation a unique camelCase operationId', async () => {
    const ids = operations(await openapi()).map(({ path, method, op }) => {
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
      return op.operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining(['getConcept', 'listConcepts', 'listRelations', 'findPaths', 'retrieveFacts', 'searchConcepts']),
    );
  });

  it('has no FooInput twin of a Foo model', async () => {
    const names = Object.keys((await openapi()).components.schemas);
    expect(names.filter((name) => name.endsWith('Input') && names.includes(name.slice(0, -'Input'.length)))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['Concept', 'Relation', 'Problem']));
  });

  it('names a server and gives an example for every parameter and for the retrieve body', async () => {
    const document = await openapi();
    expect(document.servers?.[0]?.url).toBeTruthy();
    for (const { path, method, op } of operations(document)) {
      for (const parameter of op.parameters ?? []) {
        const resolved = parameter.$ref ? document.components.parameters?.[parameter.$ref.split('/').at(-1) ?? ''] : parameter;
        expect(resolved?.example, `${method} ${path} ${resolved?.name}`).toBeDefined();
      }
    }
    expect(document.paths['/v1/retrieve']?.post?.requestBody?.content['application/json']?.example).toMatchObject({
      query: expect.any(String),
    });
  });

  it('declares If-None-Match on every GET with a 304, and ETag on its 200', async () => {
    const document = await openapi();
    const conditional = operations(document).filter(({ op }) => op.responses['304']);
    expect(conditional.length).toBeGreaterThan(10);
    for (const { path, op } of conditional) {
      expect(op.parameters, path).toContainEqual({ $ref: '#/components/parameters/IfNoneMatch' });
      expect(Object.keys(op.responses['200']?.headers ?? {}), path).toContain('ETag');
    }
    expect(document.components.parameters?.IfNoneMatch).toMatchObject({ name: 'If-None-Match', in: 'header' });
  });

  it("answers 200 to every operation called with the document's own examples, all at once", async () => {
    // Swagger UI pre-fills these examples; together they must make a request that works (cursors included).
    const document = await openapi();
    for (const { path, method, op } of operations(document)) {
      const query = new URLSearchParams();
      let url = path;
      for (const parameter of op.parameters ?? []) {
        if (parameter.$ref || parameter.example === undefined) continue;
        if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(parameter.example)));
        if (parameter.in === 'query') query.set(String(parameter.name), String(parameter.example));
      }
      const body = op.requestBody?.content['application/json']?.example;
      const reply = await app().inject({
        method: method.toUpperCase() as 'GET' | 'POST',
        url: `${url}${query.size > 0 ? `?${query}` : ''}`,
        ...(body === undefined ? {} : { payload: body as object }),
      });
      expect(reply.statusCode, `${method} ${url}?${query}: ${reply.body.slice(0, 300)}`).toBe(200);
      if (query.has('cursor')) {
        const page = reply.json<{ items: unknown[] }>();
        expect(page.items.length, `${path}: the example cursor opens a page with items`).toBeGreaterThan(0);
      }
    }
  });
});
