// What generated clients need from the OpenAPI document: a stable operationId on every operation, one model
// per shape, an example for every parameter and body that works when sent as is, and the ETag contract.
import { describe, expect, it } from 'vitest';
import { useSteadySeededApp } from '../helpers/steady-app.js';

interface Parameter {
  name?: string;
  in?: string;
  required?: boolean;
  description?: string;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
  default?: unknown;
  schema?: { example?: unknown; examples?: unknown[]; default?: unknown };
  content?: Record<string, { example?: unknown; examples?: unknown }>;
  $ref?: string;
}

/** Request headers that make a request conditional (RFC 9110 §13.1): a value there changes what comes back. */
const conditionalHeaders = ['if-none-match', 'if-match', 'if-modified-since', 'if-unmodified-since', 'if-range'];

interface SchemaObject {
  oneOf?: { $ref?: string }[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
  properties?: Record<string, { const?: unknown }>;
  required?: string[];
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
  components: { schemas: Record<string, SchemaObject>; parameters?: Record<string, Parameter> };
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

function resolve(document: Document, parameter: Parameter): Parameter | undefined {
  return parameter.$ref ? document.components.parameters?.[parameter.$ref.split('/').at(-1) ?? ''] : parameter;
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

  it('names a server and gives an example for every parameter but the conditional headers, and for the retrieve body', async () => {
    const document = await openapi();
    expect(document.servers?.[0]?.url).toBeTruthy();
    for (const { path, method, op } of operations(document)) {
      for (const parameter of op.parameters ?? []) {
        const resolved = resolve(document, parameter);
        if (conditionalHeaders.includes(String(resolved?.name).toLowerCase())) continue;
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

  it('gives conditional headers no value Swagger UI would send: "Try it out" starts without If-None-Match', async () => {
    // Swagger UI fills a parameter with, in this order, the selected entry of `examples`, its media type's
    // `example`, `example`, the schema's `example` or `default`, or `default` (ParameterRow.setDefaultValue),
    // and sends whatever is filled in. A made-up ETag there made a first try a 304 with no body.
    const document = await openapi();
    const conditional = operations(document).flatMap(({ path, method, op }) =>
      (op.parameters ?? [])
        .map((parameter) => resolve(document, parameter))
        .filter((parameter) => parameter?.in === 'header' && conditionalHeaders.includes(String(parameter.name).toLowerCase()))
        .map((parameter) => ({ where: `${method} ${path} ${parameter?.name}`, parameter: parameter as Parameter })),
    );
    expect(conditional.length).toBeGreaterThan(10);
    for (const { where, parameter } of conditional) {
      const sent = {
        example: parameter.example,
        examples: parameter.examples,
        default: parameter.default,
        content: parameter.content,
        schemaExample: parameter.schema?.example,
        schemaExamples: parameter.schema?.examples,
        schemaDefault: parameter.schema?.default,
      };
      expect(
        Object.entries(sent).filter(([, value]) => value !== undefined),
        where,
      ).toEqual([]);
      // Still documented for a reader, in words.
      expect(parameter.description, where).toMatch(/e\.g\. "/);
    }
  });

  it('names each quiz question shape as a component, with a discriminator on kind that maps every shape', async () => {
    const { schemas } = (await openapi()).components;
    const question = schemas.QuizQuestion;
    const mapping = question?.discriminator?.mapping ?? {};
    expect(question?.discriminator?.propertyName).toBe('kind');
    expect(Object.keys(mapping).sort()).toEqual(['fill-in-the-blank', 'multiple-choice', 'true-false']);
    // Every variant is a $ref to a named component (no inline objects for generators to name), each mapped.
    expect(question?.oneOf?.map((variant) => variant.$ref).sort()).toEqual(Object.values(mapping).sort());
    for (const [kind, ref] of Object.entries(mapping)) {
      const variant = schemas[ref.replace('#/components/schemas/', '')];
      expect(variant?.properties?.kind?.const, ref).toBe(kind);
      expect(variant?.required, ref).toContain('kind');
    }
  });

  it('links replies that name a concept to the operations that take one, and each link works when followed', async () => {
    const document = await openapi();
    const byId = new Map(operations(document).map((entry) => [entry.op.operationId, entry]));
    const sources: Record<string, string> = {
      listConcepts: '/v1/concepts?limit=3',
      getConcept: '/v1/concepts/containerd',
      searchConcepts: '/v1/search?q=runtime',
      listRelations: '/v1/relations?limit=3',
      listConceptRelations: '/v1/concepts/containerd/relations?limit=3',
    };
    let followed = 0;
    for (const [source, url] of Object.entries(sources)) {
      const links = (
        byId.get(source)?.op.responses['200'] as { links?: Record<string, { operationId: string; parameters: Record<string, string> }> }
      )?.links;
      expect(Object.keys(links ?? {}).length, source).toBeGreaterThan(0);
      const body = (await app().inject({ method: 'GET', url })).json() as unknown;
      for (const link of Object.values(links ?? {})) {
        const target = byId.get(link.operationId);
        expect(target, `${source} links to ${link.operationId}`).toBeDefined();
        const [[name, expression] = ['', '']] = Object.entries(link.parameters);
        const pointer = expression.replace('$response.body#', '');
        const value = pointer
          .split('/')
          .slice(1)
          .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], body);
        expect(typeof value, `${source} ${expression}`).toBe('string');
        const parameter = (target?.op.parameters ?? []).map((p) => resolve(document, p)).find((p) => p?.name === name);
        const path = target?.path ?? '';
        const targetUrl =
          parameter?.in === 'path'
            ? path.replace(`{${name}}`, encodeURIComponent(String(value)))
            : `${path}?${name}=${encodeURIComponent(String(value))}`;
        const reply = await app().inject({ method: 'GET', url: targetUrl });
        expect(reply.statusCode, `${source} -> ${link.operationId}: ${targetUrl}`).toBe(200);
        followed++;
      }
    }
    expect(followed).toBeGreaterThanOrEqual(20);
  });

  it("answers 200 to every operation called with the document's own examples, all at once", async () => {
    // Swagger UI pre-fills these examples; together they must make a request that works (cursors included).
    const document = await openapi();
    for (const { path, method, op } of operations(document)) {
      // Writes need a key and change the graph (test/routes/contract.int.test.ts calls them); the change
      // stream never ends (test/routes/curation.int.test.ts reads it).
      if ((op as { security?: unknown }).security || path === '/v1/changes/stream') continue;
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
