// The API as its own process, started the way `npm start` runs it, for benches that time or measure the
// server apart from their own client: `env` is added to this process's environment.
import { type ChildProcess, spawn } from 'node:child_process';

export function startServer(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'tools/neo4j-local/run.ts', 'src/server.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** SIGTERM, as a supervisor sends it, and wait for the process to exit. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
