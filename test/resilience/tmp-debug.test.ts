import { it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../helpers/app.js';

it('debug', async () => {
  const base = testConfig();
  const app = await buildApp({ ...base, limits: { ...base.limits, lookupMax: 1, maxInFlight: 100 } }, { logger: false });
  await app.ready();
  const rs = await Promise.all(Array.from({ length: 3 }, () => app.inject({ method: 'GET', url: '/v1/concepts/runc' })));
  console.log('STATUSES', JSON.stringify(rs.map((r) => [r.statusCode, r.headers['ratelimit-remaining']])));
  await app.close();
});
