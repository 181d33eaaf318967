import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.http).toEqual({
      host: '127.0.0.1',
      port: 3000,
      corsOrigins: '*',
      mcpAllowedHosts: ['localhost', '127.0.0.1', '[::1]'],
      mcpAllowedOrigins: [],
      trustProxy: false,
      docsEnabled: true,
      replyChecks: false,
      publicUrl: undefined,
    });
    expect(config.logFormat).toBe('auto');
    expect(config.neo4j).toMatchObject({ uri: undefined, username: 'neo4j', database: 'neo4j' });
    expect(config.seed.onStart).toBe('if-empty');
  });

  it('adds the host of PUBLIC_URL to the hosts /mcp answers to, and reads * as any', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://Graph.Example/api' }).http.mcpAllowedHosts).toContain('graph.example');
    expect(loadConfig({ MCP_ALLOWED_HOSTS: '*' }).http.mcpAllowedHosts).toBe('*');
    expect(loadConfig({ MCP_ALLOWED_ORIGINS: 'https://a.example, https://b.example' }).http.mcpAllowedOrigins).toEqual([
      'https://a.example',
      'https://b.example',
    ]);
  });

  it('reads a comma-separated list of CORS origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://learn.example, http://localhost:5173' }).http.corsOrigins).toEqual([
      'https://learn.example',
      'http://localhost:5173',
    ]);
  });

  it('accepts neo4j://, neo4j+s:// and bolt:// URIs', () => {
    for (const uri of ['neo4j://db.example:7687', 'neo4j+s://abcd1234.databases.neo4j.io', 'bolt://localhost:7687']) {
      expect(loadConfig({ NEO4J_URI: uri }).neo4j.uri).toBe(uri);
    }
  });

  it('names every invalid variable and what is wrong with it', () => {
    expect(() => loadConfig({ PORT: 'eighty', NEO4J_URI: 'http://localhost:7474', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', NEO4J_URI: 'http://localhost:7474', LOG_LEVEL: 'loud' });
    } catch (error) {
      const message = (error as ConfigError).message;
      expect(message).toMatch(/PORT: .*"eighty"/);
      expect(message).toMatch(/NEO4J_URI: must be a Neo4j URI/);
      expect(message).toMatch(/LOG_LEVEL: /);
    }
  });

  it('stops the server process at once with a message naming the variable and no stack trace', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, PORT: '99999', NEO4J_URI: 'bolt://127.0.0.1:1' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/PORT: .*65535.*"99999"/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
