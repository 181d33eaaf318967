// Turns that hold the event loop, per route: the app in this process (reply cache and limits off), requests
// one after another through inject, and a 1 ms timer that records every gap over 5 ms between its ticks (the
// route's own synchronous work, the driver decoding its reply, and V8's collections alike). Prints, per
// route, the mean time a request takes, gaps over 5 ms per request and the five largest.
// Run against a loaded graph: NEO4J_URI=bolt://127.0.0.1:PORT npx tsx bench/event-loop.ts [--route NAME] [--requests N]
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { buildBenchApi, untilReady } from './bench-server.js';

const routes: [name: string, url: string, body?: object][] = [
  ['concept', '/v1/concepts/containerd'],
  ['concept relations 100', '/v1/concepts/containerd/relations?limit=100'],
  ['relations subject 100', '/v1/relations?subject=containerd&limit=100'],
  ['relations type 100', '/v1/relations?type=IMPLEMENTS&limit=100'],
  ['relations all types 100', '/v1/relations?limit=100'],
  ['concepts list 100', '/v1/concepts?limit=100'],
  ['search 50', `/v1/search?q=${encodeURIComponent('container runtime interface')}&limit=50`],
  ['search typo', '/v1/search?q=kubernets&limit=50'],
  ['paths', '/v1/paths?from=runc&to=kubernetes&limit=10'],
  ['neighbourhood depth 3 500', '/v1/concepts/containerd/neighborhood?depth=3&limit=500'],
  ['learning path', '/v1/learning-path?target=runc'],
  ['quiz 20', '/v1/quiz?concept=containerd&count=20&seed=x'],
  ['quiz, no concept, 20', '/v1/quiz?count=20&seed=y'],
  [
    'retrieve hops 2',
    '/v1/retrieve',
    { query: 'How does the docker client talk to the daemon and what does containerd implement?', hops: 2 },
  ],
  ['catalogue', '/v1/relation-types'],
];

const { values } = parseArgs({ options: { route: { type: 'string' }, requests: { type: 'string', default: '20' } } });
const requests = Number(values.requests);
const app = await buildBenchApi(loadConfig());
await untilReady(async () => (await app.inject('/health/ready')).statusCode);
// A pause once ready, so the retrieval index's last slices are not counted.
await new Promise((resolve) => setTimeout(resolve, 2000));

console.log(`route                         status   ms/req  gaps>5ms/req  largest gaps (ms)`);
for (const [name, url, body] of routes) {
  if (values.route && !name.includes(values.route)) continue;
  const send = () => app.inject(body ? { method: 'POST', url, payload: body } : { method: 'GET', url });
  for (let i = 0; i < 3; i++) await send();
  const gaps: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > 5) gaps.push(now - last);
    last = now;
  }, 1);
  let status = 0;
  const started = performance.now();
  for (let i = 0; i < requests; i++) status = (await send()).statusCode;
  const perRequest = (performance.now() - started) / requests;
  clearInterval(timer);
  gaps.sort((a, b) => b - a);
  const largest = gaps.slice(0, 5).map((gap) => gap.toFixed(0));
  console.log(
    `${name.padEnd(28)} ${String(status).padStart(6)} ${perRequest.toFixed(1).padStart(8)} ${(gaps.length / requests).toFixed(1).padStart(13)}  ${largest.join(' ')}`,
  );
}
await app.close();
