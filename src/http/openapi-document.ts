// Finishing touches on the generated OpenAPI document that make generated clients clean: one model per
// shape (no `FooInput` twin identical to `Foo`), and the ETag / If-None-Match contract written out once.
import { isDeepStrictEqual } from 'node:util';
import { cacheControl } from '../plugins/reply-cache.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface OpenApiLike {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Json>; headers?: Record<string, Json>; parameters?: Record<string, Json> };
  [key: string]: unknown;
}

const schemaRef = (name: string) => `#/components/schemas/${name}`;

function rewriteRefs(value: unknown, renames: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((entry) => rewriteRefs(entry, renames));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, child]) => [
      key,
      key === '$ref' && typeof child === 'string' ? (renames.get(child) ?? child) : rewriteRefs(child, renames),
    ]),
  );
}

function collectRefs(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const entry of value) collectRefs(entry, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') into.add(child);
      else collectRefs(child, into);
    }
  }
  return into;
}

/**
 * fastify-type-provider-zod emits every registered schema twice, as `X` (how replies look) and `XInput`
 * (how requests may look). Where the two are the same once their own references are renamed, or where no
 * request uses `XInput`, the twin only adds a second, differently named type to every generated client.
 */
export function mergeInputTwins<T extends OpenApiLike>(document: T): T {
  const schemas = document.components?.schemas ?? {};
  const renames = new Map<string, string>();
  const twins = Object.keys(schemas).filter((name) => name.endsWith('Input') && schemas[name.slice(0, -'Input'.length)] !== undefined);
  for (const name of twins) renames.set(schemaRef(name), schemaRef(name.slice(0, -'Input'.length)));
  // A twin that truly differs keeps its own name (and the references to it).
  for (const name of twins) {
    const output = schemas[name.slice(0, -'Input'.length)];
    if (!isDeepStrictEqual(rewriteRefs(schemas[name], renames), output)) renames.delete(schemaRef(name));
  }
  const merged = rewriteRefs({ ...document, components: { ...document.components, schemas: {} } }, renames) as T;
  const keptSchemas = Object.fromEntries(
    Object.entries(schemas)
      .filter(([name]) => !renames.has(schemaRef(name)))
      .map(([name, schema]) => [name, rewriteRefs(schema, renames) as Json]),
  );
  // Twins that no operation reaches any more (directly or through other schemas) are dropped too.
  const reachable = new Set<string>();
  const pending = [...collectRefs(merged, new Set())];
  while (pending.length > 0) {
    const ref = pending.pop() as string;
    if (reachable.has(ref)) continue;
    reachable.add(ref);
    pending.push(...collectRefs(keptSchemas[ref.slice(schemaRef('').length)], new Set()));
  }
  for (const name of Object.keys(keptSchemas)) {
    if (twins.includes(name) && !reachable.has(schemaRef(name))) delete keptSchemas[name];
  }
  return { ...merged, components: { ...merged.components, schemas: keptSchemas } };
}

interface OperationLike {
  parameters?: Json[];
  responses?: Record<string, JsonObject>;
}

/**
 * The ETag plugin answers every GET that declares a 304: its 200 carries `ETag` and `Cache-Control`,
 * and `If-None-Match` with that tag gets the 304. Declared here once so each route does not repeat it.
 */
export function declareConditionalGets<T extends OpenApiLike>(document: T): T {
  const components = {
    ...document.components,
    parameters: {
      ...document.components?.parameters,
      // No `example`, `examples` or `default` here: Swagger UI's "Try it out" fills a parameter with the first of
      // them it finds and sends it, and a made-up ETag there turns a first try into a 304 with no body.
      // The example lives in the description, where it is read and not sent.
      IfNoneMatch: {
        name: 'If-None-Match',
        in: 'header',
        required: false,
        description:
          'ETag of a representation the client holds, as its ETag header gave it (e.g. "3q2-7wE0o8cYzXg6RmXQ1KqYz0Jf3bQ", quotes included); ' +
          'the reply is 304 with no body while it is current. Leave it empty to get the representation.',
        schema: { type: 'string' },
      },
    },
    headers: {
      ...document.components?.headers,
      ETag: {
        description: 'Strong validator of this representation; send it back in If-None-Match',
        schema: { type: 'string' },
        example: '"3q2-7wE0o8cYzXg6RmXQ1KqYz0Jf3bQ"',
      },
      CacheControl: {
        description: 'How long a client may reuse the reply before it revalidates with If-None-Match',
        schema: { type: 'string', const: cacheControl },
      },
    },
  };
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    paths[path] = { ...item };
    const get = item.get as OperationLike | undefined;
    if (!get?.responses?.['304'] || !get.responses['200']) continue;
    paths[path].get = {
      ...get,
      parameters: [...(get.parameters ?? []), { $ref: '#/components/parameters/IfNoneMatch' }],
      responses: {
        ...get.responses,
        200: {
          ...get.responses['200'],
          headers: {
            ...(get.responses['200'].headers as JsonObject | undefined),
            ETag: { $ref: '#/components/headers/ETag' },
            'Cache-Control': { $ref: '#/components/headers/CacheControl' },
          },
        },
      },
    };
  }
  return { ...document, paths, components };
}
