// The MCP server changes the graph only for a client that sent a key with the write scope: it then offers
// propose_change (checked by the seed's rules, rolled back) and apply_change (with the proposal's etag).
// Without a key, or with a read key, it stays read-only; a bad key is refused before any MCP work.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey } from '../../src/auth/keys.js';
import { graphFingerprint } from '../helpers/app.js';
import { useSeededApp } from '../helpers/seeded-app.js';

const suite = useSeededApp();
let baseUrl = '';
const keys = { read: '', write: '' };
const clients: Client[] = [];

beforeAll(async () => {
  baseUrl = await suite.app().listen({ host: '127.0.0.1', port: 0 });
  keys.read = (await createKey(suite.db(), { name: 'mcp-reader', scopes: ['read'] })).key;
  keys.write = (await createKey(suite.db(), { name: 'mcp-curator', scopes: ['write'] })).key;
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
});

async function connect(key?: string): Promise<Client> {
  const client = new Client({ name: 'write-tools-test', version: '1.0.0' });
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  await client.connect(new StreamableHTTPClientTransport(new URL(`${baseUrl}/mcp`), { requestInit: { headers } }));
  clients.push(client);
  return client;
}

const structured = (result: unknown) => (result as { structuredContent: Record<string, unknown> }).structuredContent;

describe('MCP write tools', () => {
  it('offers no write tool without a key or with a read key', async () => {
    for (const key of [undefined, keys.read]) {
      const names = (await (await connect(key)).listTools()).tools.map((tool) => tool.name);
      expect(names).not.toContain('propose_change');
      expect(names).not.toContain('apply_change');
      expect(names).toContain('search_concepts');
    }
  });

  it('refuses a key that is not valid with 401 before any MCP work', async () => {
    await expect(connect('cg_0000000000000000_not-a-real-secret-at-all-xxxxxxxxxxxxxx')).rejects.toThrow(/401|UNAUTHENTICATED|invalid/i);
  });

  it('proposes a change without writing it, then applies it with the proposal’s etag', async () => {
    const client = await connect(keys.write);
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['propose_change', 'apply_change']));

    const before = await graphFingerprint(suite.db());
    const args = { action: 'update_concept', id: 'runc', patch: { tags: ['runtime', 'cncf'] } };
    const proposal = await client.callTool({ name: 'propose_change', arguments: args });
    expect(proposal.isError, JSON.stringify(proposal)).toBeFalsy();
    const proposed = structured(proposal) as { before: { tags: string[] }; after: { tags: string[] }; etag: string };
    expect(proposed.after.tags).toEqual(['runtime', 'cncf']);
    expect(await graphFingerprint(suite.db())).toEqual(before);

    const applied = await client.callTool({ name: 'apply_change', arguments: { ...args, if_match: proposed.etag } });
    expect(applied.isError, JSON.stringify(applied)).toBeFalsy();
    const concept = (await suite.get('/v1/concepts/runc')).json().concept;
    expect(concept.tags).toEqual(['runtime', 'cncf']);
    const history = (await suite.get('/v1/concepts/runc/history')).json().items;
    expect(history[0]).toMatchObject({ by: 'mcp-curator', op: 'update' });

    // The etag was spent: the graph has changed since.
    const stale = await client.callTool({ name: 'apply_change', arguments: { ...args, if_match: proposed.etag } });
    expect(stale.isError).toBe(true);
    expect(structured(stale).code).toBe('PRECONDITION_FAILED');
  });

  it('reports a change that breaks a rule as a tool error naming the field, and writes nothing', async () => {
    const client = await connect(keys.write);
    const before = await graphFingerprint(suite.db());
    const result = await client.callTool({
      name: 'propose_change',
      arguments: {
        action: 'create_relation',
        element: {
          subject: 'runc',
          type: 'INVENTS',
          object: 'cgroups',
          confidence: 0.6,
          sources: [{ source: 'notes', section: 'docker-engine' }],
        },
      },
    });
    expect(result.isError).toBe(true);
    expect(structured(result).code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(structured(result).errors)).toContain('type');
    const missing = await client.callTool({ name: 'apply_change', arguments: { action: 'delete_concept', id: 'runc' } });
    expect(structured(missing).code).toBe('PRECONDITION_REQUIRED');
    expect(await graphFingerprint(suite.db())).toEqual(before);
  });
});
