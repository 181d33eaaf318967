// The MCP server driven by the SDK's own client over both transports, against the seeded Neo4j: every tool
// answers what the matching REST route answers, concepts read as resources, the prompt carries the facts.
import { tmpdir } from 'node:os';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectProblem } from '../helpers/replies.js';
import { useSteadySeededApp } from '../helpers/steady-app.js';

const { app } = useSteadySeededApp();

interface ToolCase {
  tool: string;
  args: Record<string, unknown>;
  /** The REST request that must give the same JSON, written out by hand. */
  rest: { method: 'GET' | 'POST'; url: string; payload?: object };
}

const toolCases: ToolCase[] = [
  {
    tool: 'search_concepts',
    args: { query: '도커 데몬', limit: 3 },
    rest: { method: 'GET', url: `/v1/search?q=${encodeURIComponent('도커 데몬')}&limit=3` },
  },
  {
    tool: 'search_concepts',
    args: { query: 'container', limit: 5, source: 'background' },
    rest: { method: 'GET', url: '/v1/search?q=container&limit=5&source=background' },
  },
  { tool: 'get_concept', args: { id: 'containerd' }, rest: { method: 'GET', url: '/v1/concepts/containerd' } },
  {
    tool: 'find_relations',
    args: { subject: 'containerd', types: ['IMPLEMENTS', 'USES'] },
    rest: { method: 'GET', url: '/v1/relations?subject=containerd&type=IMPLEMENTS,USES' },
  },
  {
    tool: 'find_relations',
    args: { object: 'docker-image', source: 'notes', limit: 50 },
    rest: { method: 'GET', url: '/v1/relations?object=docker-image&source=notes&limit=50' },
  },
  {
    tool: 'explain_path',
    args: { from: 'runc', to: 'kubernetes', limit: 1 },
    rest: { method: 'GET', url: '/v1/paths?from=runc&to=kubernetes&limit=1' },
  },
  {
    tool: 'retrieve_facts',
    args: { query: 'runc는 누가 관리하나요?', maxFacts: 5 },
    rest: { method: 'POST', url: '/v1/retrieve', payload: { query: 'runc는 누가 관리하나요?', maxFacts: 5 } },
  },
  {
    tool: 'learning_path',
    args: { target: 'libcontainer', known: ['container'] },
    rest: { method: 'GET', url: '/v1/learning-path?target=libcontainer&known=container' },
  },
  {
    tool: 'make_quiz',
    args: { concept: 'containerd', count: 3, seed: 'mcp-test' },
    rest: { method: 'GET', url: '/v1/quiz?concept=containerd&count=3&seed=mcp-test' },
  },
  // The REST names and forms, which the tools accept beside their own (q for query, comma-separated type for types).
  {
    tool: 'search_concepts',
    args: { q: '도커 데몬', limit: 3 },
    rest: { method: 'GET', url: `/v1/search?q=${encodeURIComponent('도커 데몬')}&limit=3` },
  },
  {
    tool: 'find_relations',
    args: { subject: 'containerd', type: 'IMPLEMENTS,USES' },
    rest: { method: 'GET', url: '/v1/relations?subject=containerd&type=IMPLEMENTS,USES' },
  },
  {
    tool: 'find_relations',
    args: { subject: 'containerd', types: ['IMPLEMENTS'], type: 'uses' },
    rest: { method: 'GET', url: '/v1/relations?subject=containerd&type=IMPLEMENTS,USES' },
  },
  {
    tool: 'explain_path',
    // REQUIRES, which paths leave out unless named: a `type` the tool ignored would give other paths.
    args: { from: 'runc', to: 'kubernetes', limit: 2, type: 'REQUIRES' },
    rest: { method: 'GET', url: '/v1/paths?from=runc&to=kubernetes&limit=2&type=REQUIRES' },
  },
  {
    tool: 'learning_path',
    args: { target: 'libcontainer', known: 'container,linux-namespaces', maxSteps: 3 },
    rest: { method: 'GET', url: '/v1/learning-path?target=libcontainer&known=container,linux-namespaces&maxSteps=3' },
  },
  // Arguments left out take the route's defaults.
  { tool: 'search_concepts', args: { query: 'container' }, rest: { method: 'GET', url: '/v1/search?q=container' } },
  { tool: 'find_relations', args: { subject: 'containerd' }, rest: { method: 'GET', url: '/v1/relations?subject=containerd' } },
  { tool: 'explain_path', args: { from: 'runc', to: 'kubernetes' }, rest: { method: 'GET', url: '/v1/paths?from=runc&to=kubernetes' } },
  { tool: 'learning_path', args: { target: 'libcontainer' }, rest: { method: 'GET', url: '/v1/learning-path?target=libcontainer' } },
  {
    tool: 'make_quiz',
    args: { seed: 'defaults' },
    rest: { method: 'GET', url: '/v1/quiz?seed=defaults' },
  },
  // Repeated ids and type keys, in either case, read as the route reads them.
  {
    tool: 'learning_path',
    args: { target: 'libcontainer', known: ['container', 'container'] },
    rest: { method: 'GET', url: '/v1/learning-path?target=libcontainer&known=container,container' },
  },
  {
    tool: 'find_relations',
    // One page: over stdio the server signs cursors with a key of its own.
    args: { object: 'runc', type: 'manages, uses' },
    rest: { method: 'GET', url: '/v1/relations?object=runc&type=manages,%20uses' },
  },
];

/** Arguments the tool's schema lets through and its REST route refuses: the tool fails with the route's code and detail. */
const refusedCases: ToolCase[] = [
  {
    tool: 'learning_path',
    args: { target: 'libcontainer', known: [] },
    rest: { method: 'GET', url: '/v1/learning-path?target=libcontainer&known=' },
  },
  {
    tool: 'learning_path',
    args: { target: 'libcontainer', known: 'container,Not-An-Id' },
    rest: { method: 'GET', url: '/v1/learning-path?target=libcontainer&known=container,Not-An-Id' },
  },
  {
    tool: 'search_concepts',
    // 100 characters that NFKC turns into 600.
    args: { query: '㌖'.repeat(100) },
    rest: { method: 'GET', url: `/v1/search?q=${encodeURIComponent('㌖'.repeat(100))}` },
  },
  { tool: 'get_concept', args: { id: 'dockr' }, rest: { method: 'GET', url: '/v1/concepts/dockr' } },
  { tool: 'explain_path', args: { from: 'runc', to: 'runc' }, rest: { method: 'GET', url: '/v1/paths?from=runc&to=runc' } },
  { tool: 'find_relations', args: { cursor: 'garbage' }, rest: { method: 'GET', url: '/v1/relations?cursor=garbage' } },
  { tool: 'make_quiz', args: { concept: 'dockr', seed: 'x' }, rest: { method: 'GET', url: '/v1/quiz?concept=dockr&seed=x' } },
];

async function restProblem(rest: ToolCase['rest']): Promise<{ code: string; detail: string; errors?: unknown }> {
  const reply = await app().inject({ method: rest.method, url: rest.url, ...(rest.payload ? { payload: rest.payload } : {}) });
  expect(reply.statusCode, reply.body).toBeGreaterThanOrEqual(400);
  return reply.json();
}

async function restJson(rest: ToolCase['rest']): Promise<unknown> {
  const reply = await app().inject({ method: rest.method, url: rest.url, ...(rest.payload ? { payload: rest.payload } : {}) });
  expect(reply.statusCode, reply.body).toBe(200);
  return reply.json();
}

function textOf(result: object): string[] {
  return (('content' in result ? result.content : []) as { type: string; text?: string }[])
    .filter((part) => part.type === 'text')
    .map((part) => part.text ?? '');
}

/** The same checks over each transport; `open` connects a fresh SDK client. */
function describeTransport(name: string, open: () => Promise<{ client: Client; close: () => Promise<void> }>) {
  describe(`MCP over ${name}`, () => {
    let client: Client;
    let close: () => Promise<void> = async () => {};
    beforeAll(async () => {
      ({ client, close } = await open());
    }, 60_000);
    afterAll(async () => {
      await close();
    });

    it('lists the seven tools, each with a description and an input schema', async () => {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(
        ['explain_path', 'find_relations', 'get_concept', 'learning_path', 'make_quiz', 'retrieve_facts', 'search_concepts'].sort(),
      );
      for (const tool of tools) {
        expect(tool.description?.length, tool.name).toBeGreaterThan(80);
        expect(tool.inputSchema.type).toBe('object');
        expect(Object.keys(tool.inputSchema.properties ?? {}).length, tool.name).toBeGreaterThan(0);
        expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      }
      const search = tools.find((tool) => tool.name === 'search_concepts');
      expect(Object.keys(search?.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['query', 'q', 'limit', 'source']));
    });

    it("names each tool's REST route and how its arguments map to the route's parameters", async () => {
      const { tools } = await client.listTools();
      for (const tool of tools) expect(tool.description, tool.name).toMatch(/REST: (GET|POST) \/v1\/[a-z-]+/);
      const described = Object.fromEntries(tools.map((tool) => [tool.name, tool.description ?? '']));
      expect(described.search_concepts).toMatch(/query is its q/);
      expect(described.find_relations).toMatch(/types is its comma-separated type/);
      expect(described.explain_path).toMatch(/types is its comma-separated type/);
      const relations = tools.find((tool) => tool.name === 'find_relations');
      expect(Object.keys(relations?.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(['types', 'type']));
    });

    it('refuses search_concepts without query or q, naming both', async () => {
      const result = await client.callTool({ name: 'search_concepts', arguments: { limit: 3 } }).catch((error: Error) => error);
      const message = result instanceof Error ? result.message : textOf(result).join(' ');
      if (!(result instanceof Error)) expect(result.isError).toBe(true);
      expect(message).toMatch(/query \(or q/);
    });

    it.each(toolCases)('$tool answers what $rest.method $rest.url answers', async ({ tool, args, rest }) => {
      const result = await client.callTool({ name: tool, arguments: args });
      expect(result.isError ?? false, JSON.stringify(result.content)).toBe(false);
      const expected = await restJson(rest);
      expect(result.structuredContent).toEqual(expected);
      // Clients that read only text get the same JSON.
      expect(textOf(result).map((text) => (text.startsWith('{') ? JSON.parse(text) : text))).toContainEqual(expected);
    });

    it.each(refusedCases)(
      '$tool fails as $rest.method $rest.url does: a tool error with its code and detail',
      async ({ tool, args, rest }) => {
        const result = await client.callTool({ name: tool, arguments: args });
        expect(result.isError, JSON.stringify(result.content)).toBe(true);
        const problem = await restProblem(rest);
        expect(textOf(result)[0]).toBe(`${problem.code}: ${problem.detail}`);
        expect(result.structuredContent).toMatchObject({
          code: problem.code,
          detail: problem.detail,
          ...(problem.errors ? { errors: problem.errors } : {}),
        });
      },
    );

    it('pages find_relations as REST pages: the nextCursor of one page gives the next', async () => {
      type Page = { items: { id: string }[]; nextCursor: string | null };
      const restFirst = (await restJson({ method: 'GET', url: '/v1/relations?subject=containerd&limit=2' })) as Page;
      const restSecond = (await restJson({
        method: 'GET',
        url: `/v1/relations?subject=containerd&limit=2&cursor=${encodeURIComponent(String(restFirst.nextCursor))}`,
      })) as Page;
      const toolFirst = (await client.callTool({ name: 'find_relations', arguments: { subject: 'containerd', limit: 2 } }))
        .structuredContent as Page;
      // Over stdio the server is another process with its own cursor key: the pages must match, not the cursors.
      const toolSecond = (
        await client.callTool({ name: 'find_relations', arguments: { subject: 'containerd', limit: 2, cursor: toolFirst.nextCursor } })
      ).structuredContent as Page;
      expect(toolFirst.items).toEqual(restFirst.items);
      expect(toolSecond.items).toEqual(restSecond.items);
      expect(toolSecond.items.length).toBeGreaterThan(0);
    });

    it('retrieve_facts leads with the context block and returns numbered facts with citations', async () => {
      const result = await client.callTool({ name: 'retrieve_facts', arguments: { query: 'runc는 누가 관리하나요?' } });
      const reply = result.structuredContent as { context: string; facts: { citations: number[] }[]; citations: { n: number }[] };
      expect(reply.facts.length).toBeGreaterThan(0);
      expect(reply.facts.filter((fact) => !(fact.citations.length > 0))).toEqual([]);
      expect(reply.citations.map((citation) => citation.n)).toContain(1);
      expect(textOf(result)[0]).toBe(reply.context);
      expect(reply.context).toContain('containerd');
    });

    it('explain_path leads with the chained sentence in both languages', async () => {
      const result = await client.callTool({ name: 'explain_path', arguments: { from: 'runc', to: 'kubernetes', limit: 1 } });
      const [path] = (result.structuredContent as { items: { explanation: { en: string; ko: string } }[] }).items;
      expect(textOf(result)[0]).toContain(path?.explanation.en);
      expect(textOf(result)[0]).toContain(path?.explanation.ko);
    });

    it('answers an unknown concept with a tool error naming CONCEPT_NOT_FOUND, like the REST 404', async () => {
      const result = await client.callTool({ name: 'get_concept', arguments: { id: 'dockr' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)[0]).toMatch(/^CONCEPT_NOT_FOUND: .*dockr/);
    });

    it('answers an unknown relation type with the catalogue error the REST route gives', async () => {
      const result = await client.callTool({ name: 'find_relations', arguments: { subject: 'containerd', types: ['EATS'] } });
      expect(result.isError).toBe(true);
      expect(textOf(result)[0]).toMatch(/^UNKNOWN_RELATION_TYPE: /);
    });

    it('refuses arguments outside the input schema before touching the graph', async () => {
      const result = await client.callTool({ name: 'get_concept', arguments: { id: 'Not A Slug' } }).catch((error: Error) => error);
      const message = result instanceof Error ? result.message : textOf(result).join(' ');
      if (!(result instanceof Error)) expect(result.isError).toBe(true);
      expect(message).toMatch(/kebab-case|invalid/i);
    });

    it('offers concepts as resources through the concept://{id} template', async () => {
      const { resourceTemplates } = await client.listResourceTemplates();
      expect(resourceTemplates.map((template) => template.uriTemplate)).toContain('concept://{id}');
      const { resources } = await client.listResources();
      // Every concept, page by page (the graph holds more than one page of 100).
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page = (await restJson({
          method: 'GET',
          url: `/v1/concepts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        })) as { items: { id: string }[]; nextCursor: string | null };
        ids.push(...page.items.map((concept) => concept.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(resources.map((resource) => resource.uri).sort()).toEqual(ids.map((id) => `concept://${id}`).sort());
      const containerd = resources.find((resource) => resource.uri === 'concept://containerd');
      expect(containerd).toMatchObject({ name: 'containerd', mimeType: 'application/json' });
    });

    it('reads concept://containerd as the JSON of GET /v1/concepts/containerd', async () => {
      const { contents } = await client.readResource({ uri: 'concept://containerd' });
      expect(contents).toHaveLength(1);
      expect(contents[0]).toMatchObject({ uri: 'concept://containerd', mimeType: 'application/json' });
      expect(JSON.parse(String((contents[0] as { text: string }).text))).toEqual(
        await restJson({ method: 'GET', url: '/v1/concepts/containerd' }),
      );
    });

    it('answers a resource that names no concept with MCP error -32002', async () => {
      await expect(client.readResource({ uri: 'concept://dockr' })).rejects.toMatchObject({ code: -32002 });
    });

    it('completes concept ids in the template from search', async () => {
      const { completion } = await client.complete({
        ref: { type: 'ref/resource', uri: 'concept://{id}' },
        argument: { name: 'id', value: 'contai' },
      });
      expect(completion.values.slice(0, 2).sort()).toEqual(['container', 'containerd']);
    });

    it('completes ids that start with the typed text first: "cont" gives container, containerd, … before cgroups', async () => {
      const { completion } = await client.complete({
        ref: { type: 'ref/resource', uri: 'concept://{id}' },
        argument: { name: 'id', value: 'cont' },
      });
      const values = completion.values;
      expect(values.slice(0, 2)).toEqual(['container', 'containerd']);
      // Every concept id of the graph that starts with "cont", up to the limit, comes before any other.
      const startsWith = (id: string) => id.startsWith('cont');
      const firstOther = values.findIndex((id) => !startsWith(id));
      expect(values.slice(firstOther === -1 ? values.length : firstOther).filter(startsWith)).toEqual([]);
      const prefixed = (await restJson({ method: 'GET', url: '/v1/search?q=cont&limit=50' })) as { items: { concept: { id: string } }[] };
      const expected = prefixed.items.map((hit) => hit.concept.id).filter(startsWith);
      expect(values.filter(startsWith).sort()).toEqual(expected.slice(0, values.length).sort());
      expect(values.length).toBeLessThanOrEqual(10);
    });

    it('offers the "answer only from cited facts" prompt, carrying the retrieved context', async () => {
      const { prompts } = await client.listPrompts();
      expect(prompts.map((prompt) => prompt.name)).toContain('answer_from_cited_facts');
      const question = 'What does containerd implement?';
      const prompt = await client.getPrompt({ name: 'answer_from_cited_facts', arguments: { question } });
      const text = String((prompt.messages[0]?.content as { text?: string } | undefined)?.text);
      const { context } = (await restJson({ method: 'POST', url: '/v1/retrieve', payload: { query: question } })) as { context: string };
      expect(text).toContain(context);
      expect(text).toMatch(/only the facts/);
      expect(text.endsWith(`Question: ${question}`)).toBe(true);
    });
  });
}

let baseUrl = '';
beforeAll(async () => {
  baseUrl = await app().listen({ host: '127.0.0.1', port: 0 });
});

describeTransport('Streamable HTTP at /mcp', async () => {
  const client = new Client({ name: 'concept-graph-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`)));
  return { client, close: () => client.close() };
});

describeTransport('stdio, started as the README configures it', async () => {
  const neo4j = inject('neo4j');
  const transport = new StdioClientTransport({
    // The README's snippet, from another folder: npm run -s --prefix <repo> mcp.
    command: 'npm',
    args: ['run', '-s', '--prefix', process.cwd(), 'mcp'],
    cwd: tmpdir(),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NEO4J_URI: neo4j.uri,
      NEO4J_USERNAME: neo4j.username,
      NEO4J_PASSWORD: neo4j.password,
      NEO4J_DATABASE: neo4j.database,
      SEED_ON_START: 'never',
      // As in the in-process app: the shared machine's lag must not shed the test's own requests.
      HTTP_MAX_EVENT_LOOP_DELAY_MS: '0',
      LOG_LEVEL: 'warn',
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const client = new Client({ name: 'concept-graph-test', version: '1.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    throw new Error(`the stdio server did not start: ${String(error)}\n${stderr}`);
  }
  return { client, close: () => client.close() };
});

describe('the /mcp route', () => {
  it('answers GET and DELETE with 405 problem+json: the endpoint is stateless', async () => {
    for (const method of ['GET', 'DELETE'] as const) {
      const reply = await app().inject({ method, url: '/mcp' });
      expect(reply.statusCode).toBe(405);
      expect(reply.headers.allow).toBe('POST');
      expect(reply.json()).toMatchObject({ status: 405, instance: '/mcp' });
    }
  });

  it('validates the body like every REST route: not JSON-RPC is a 400 problem', async () => {
    const reply = await app().inject({ method: 'POST', url: '/mcp', payload: { hello: 'world' } });
    expectProblem(reply, 400, 'VALIDATION_FAILED');
  });

  it('keeps the REST body limit: over 64 KiB is a 413 problem', async () => {
    const reply = await app().inject({
      method: 'POST',
      url: '/mcp',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      payload: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { padding: 'x'.repeat(70_000) } }),
    });
    expectProblem(reply, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a JSON-RPC call in one JSON reply without a session', async () => {
    const reply = await app().inject({
      method: 'POST',
      url: '/mcp',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      payload: { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'get_concept', arguments: { id: 'runc' } } },
    });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(reply.headers['mcp-session-id']).toBeUndefined();
    const body = reply.json<{ id: number; result: { structuredContent: { concept: { id: string } } } }>();
    expect(body.id).toBe(7);
    expect(body.result.structuredContent.concept.id).toBe('runc');
  });
});
