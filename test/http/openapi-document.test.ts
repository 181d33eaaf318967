import { describe, expect, it } from 'vitest';
import { declareConditionalGets, mergeInputTwins, type OpenApiLike } from '../../src/http/openapi-document.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe('mergeInputTwins', () => {
  it('points references at Foo and drops FooInput when the two are the same', () => {
    const merged = mergeInputTwins({
      paths: { '/x': { post: { requestBody: { content: { 'application/json': { schema: ref('NameInput') } } } } } },
      components: { schemas: { Name: { type: 'string' }, NameInput: { type: 'string' } } },
    });
    expect(merged.components?.schemas).toEqual({ Name: { type: 'string' } });
    expect(JSON.stringify(merged.paths)).toContain('#/components/schemas/Name"');
  });

  it('keeps a twin that differs and is used, with the references to it', () => {
    const merged = mergeInputTwins({
      paths: { '/x': { post: { requestBody: { content: { 'application/json': { schema: ref('PageInput') } } } } } },
      components: {
        schemas: {
          Page: { type: 'object', required: ['limit'], properties: { limit: { type: 'integer' } } },
          PageInput: { type: 'object', properties: { limit: { type: 'integer', default: 20 } } },
        },
      },
    });
    expect(Object.keys(merged.components?.schemas ?? {}).sort()).toEqual(['Page', 'PageInput']);
    expect(JSON.stringify(merged.paths)).toContain('PageInput');
  });

  it('drops a differing twin that nothing reaches, even through another twin', () => {
    const merged = mergeInputTwins({
      paths: { '/x': { get: { responses: { 200: { content: { 'application/json': { schema: ref('Outer') } } } } } } },
      components: {
        schemas: {
          Inner: { type: 'object', additionalProperties: false },
          InnerInput: { type: 'object' },
          Outer: { type: 'object', properties: { inner: ref('Inner') }, additionalProperties: false },
          OuterInput: { type: 'object', properties: { inner: ref('InnerInput') } },
        },
      },
    });
    expect(Object.keys(merged.components?.schemas ?? {}).sort()).toEqual(['Inner', 'Outer']);
  });
});

describe('declareConditionalGets', () => {
  it('adds If-None-Match and the ETag reply header to a GET that declares 304, and leaves others alone', () => {
    const declared = declareConditionalGets<OpenApiLike>({
      paths: {
        '/cached': {
          get: { parameters: [{ name: 'q', in: 'query' }], responses: { 200: { description: 'ok' }, 304: { description: 'nm' } } },
        },
        '/plain': { get: { responses: { 200: { description: 'ok' } } } },
      },
    });
    const cached = declared.paths?.['/cached']?.get as { parameters: unknown[]; responses: Record<string, { headers?: object }> };
    expect(cached.parameters).toEqual([{ name: 'q', in: 'query' }, { $ref: '#/components/parameters/IfNoneMatch' }]);
    expect(Object.keys(cached.responses['200']?.headers ?? {})).toEqual(['ETag', 'Cache-Control']);
    expect(declared.paths?.['/plain']?.get).toEqual({ responses: { 200: { description: 'ok' } } });
    expect(declared.components?.parameters?.IfNoneMatch).toMatchObject({ name: 'If-None-Match', in: 'header' });
  });
});
