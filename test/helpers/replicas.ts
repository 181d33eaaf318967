// The pieces of a deployment with several replicas, each a real process: redis-server, API servers
// (src/server.ts) and nginx running deploy/nginx.conf. Every piece lives in a temporary folder and stops with
// `stop()`; nothing is left behind when a suite stops them all in afterAll.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../tools/neo4j-local/neo4j-local.js';
import { type RunningProcess, startProcess, waitForPort } from './system-programs.js';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (the counters are gone, as after a real restart without persistence). */
  restart(): Promise<void>;
  /** SIGSTOP and SIGCONT: a Redis that keeps its connections open but answers nothing, then answers again. */
  hang(): void;
  resume(): void;
}

/** redis-server on a free port, bound to 127.0.0.1, with nothing written to disk. */
export async function startRedis(program: string): Promise<RedisServer> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'];
  let running: RunningProcess | undefined;
  const start = async () => {
    running = startProcess(program, args, { cwd: dir });
    await waitForPort(port, running, 'redis-server');
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await running?.stop();
    },
    restart: start,
    hang: () => process.kill(running?.pid ?? 0, 'SIGSTOP'),
    resume: () => process.kill(running?.pid ?? 0, 'SIGCONT'),
  };
}

export interface ApiServer {
  port: number;
  url: string;
  process: RunningProcess;
}

/** The API's entry point (`node --import tsx src/server.ts`) on a free port, ready once /health/ready says 200. */
export async function startApiServer(env: NodeJS.ProcessEnv, deadlineMs = 90_000): Promise<ApiServer> {
  const port = await freePort();
  const running = startProcess(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port) },
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + deadlineMs;
  let gone = false;
  void running.exited.then(() => (gone = true));
  for (;;) {
    const status = await fetch(`${url}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return { port, url, process: running };
    if (gone || Date.now() > deadline) {
      await running.stop();
      throw new Error(`the API on ${port} ${gone ? 'exited' : `was not ready within ${deadlineMs} ms`}:\n${running.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface Nginx {
  port: number;
  url: string;
  /** The access log: one line per request, `<status> <upstream address> <request line>`. */
  accessLog(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * deploy/nginx.conf with its example replicas replaced by `upstreamPorts` on 127.0.0.1 and its `listen` by a free
 * port. Fails when the file no longer has the lines it replaces, so the example and the test cannot drift apart.
 */
export async function nginxSiteConfig(upstreamPorts: number[], listenPort: number): Promise<string> {
  const example = await readFile('deploy/nginx.conf', 'utf8');
  const servers = /^( *)server 10\.0\.0\.\d+:3000;\n(?:\1server 10\.0\.0\.\d+:3000;\n)*/m;
  const listen = /^( *)listen 80;$/m;
  if (!servers.test(example) || !listen.test(example)) {
    throw new Error('deploy/nginx.conf no longer has the `server 10.0.0.x:3000;` lines and `listen 80;` the test replaces');
  }
  return example
    .replace(servers, (_all, indent: string) => upstreamPorts.map((port) => `${indent}server 127.0.0.1:${port};\n`).join(''))
    .replace(listen, (_all, indent: string) => `${indent}listen 127.0.0.1:${listenPort};`);
}

/** nginx in the foreground with everything (pid, logs, temporary files) in a folder of its own. */
export async function startNginx(program: string, upstreamPorts: number[]): Promise<Nginx> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'nginx-'));
  await writeFile(path.join(dir, 'site.conf'), await nginxSiteConfig(upstreamPorts, port));
  const main = `
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  log_format replicas '$status $upstream_addr "$request"';
  access_log ${dir}/access.log replicas;
  client_body_temp_path ${dir}/client-body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/site.conf;
}
`;
  await writeFile(path.join(dir, 'nginx.conf'), main);
  // -e: the error log before the configuration is read, which would otherwise be /var/log/nginx (not writable by every user).
  const running = startProcess(program, [
    '-p',
    dir,
    '-c',
    path.join(dir, 'nginx.conf'),
    '-e',
    path.join(dir, 'error.log'),
    '-g',
    'daemon off;',
  ]);
  try {
    await waitForPort(port, running, 'nginx');
  } catch (error) {
    const log = await readFile(path.join(dir, 'error.log'), 'utf8').catch(() => '');
    throw new Error(`${String(error)}\n${log}`);
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    accessLog: async () => (await readFile(path.join(dir, 'access.log'), 'utf8').catch(() => '')).split('\n').filter(Boolean),
    // nginx's fast shutdown is SIGTERM; the master waits for its worker.
    stop: () => running.stop(),
  };
}
