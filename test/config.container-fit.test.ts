// The container files against what operators rely on: liveness healthchecks on the configured port, and a
// shutdown grace period below the stop period. Static checks: no Docker engine runs on the project's machines.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadConfig } from '../src/config.js';

describe('container fit', () => {
  it('Dockerfile: HEALTHCHECK calls liveness on PORT from the environment, and node runs directly', async () => {
    const dockerfile = await readFile('Dockerfile', 'utf8');
    const healthcheck = dockerfile.slice(
      dockerfile.indexOf('HEALTHCHECK'),
      dockerfile.indexOf('\n', dockerfile.indexOf('CMD [', dockerfile.indexOf('HEALTHCHECK'))),
    );
    expect(healthcheck).toContain('/health/live');
    expect(healthcheck).not.toContain('/health/ready');
    expect(healthcheck).toContain('process.env.PORT');
    expect(healthcheck).not.toMatch(/127\.0\.0\.1:3000/);
    expect(dockerfile).toMatch(/^CMD \["node", "dist\/src\/server\.js"\]$/m);
  });

  it('compose: the API has a liveness healthcheck and drains within its stop period', async () => {
    const compose = YAML.parse(await readFile('docker-compose.yml', 'utf8')) as {
      services: { api: { healthcheck?: { test: string[] }; stop_grace_period?: string; environment: Record<string, string> } };
    };
    const { api } = compose.services;
    expect(api.healthcheck?.test.join(' ')).toContain('/health/live');
    const stopPeriodMs = Number.parseInt(api.stop_grace_period ?? '10s', 10) * 1000;
    const graceMs = Number(api.environment.SHUTDOWN_GRACE_MS ?? loadConfig({}).limits.shutdownGraceMs);
    expect(graceMs).toBeLessThan(stopPeriodMs);
  });

  it("the default shutdown grace period is below Docker's default 10 s stop period", () => {
    expect(loadConfig({}).limits.shutdownGraceMs).toBeLessThan(10_000);
  });

  it('npm start runs node itself, so a signal to npm reaches the API', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toMatch(/^exec node /);
  });
});
