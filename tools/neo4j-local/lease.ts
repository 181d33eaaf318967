// A local Neo4j left running between starts of the API (NEO4J_LOCAL_IDLE_MINUTES) stops itself once its
// lease file has not been renewed for the idle time (Main.java --idle-lease). Whoever uses it renews the
// lease; `npm run neo4j:stop` finds it by the pid file beside the lease and stops it at once.
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

export interface LeaseFiles {
  lease: string;
  pid: string;
}

export function leaseFiles(home: string): LeaseFiles {
  const dir = resolve(home);
  return { lease: join(dir, 'neo4j-local.lease'), pid: join(dir, 'neo4j-local.pid') };
}

async function renew(file: string): Promise<void> {
  const now = new Date();
  try {
    await utimes(file, now, now);
  } catch {
    await writeFile(file, 'renewed by whoever uses this local Neo4j; it stops after the idle time without renewal\n');
  }
}

/** Renews the lease now and then (a third of the idle time, at most every 30 s) until released. */
export async function holdLease(files: LeaseFiles, idleSeconds: number): Promise<{ release(): Promise<void> }> {
  await mkdir(dirname(files.lease), { recursive: true });
  await renew(files.lease);
  const timer = setInterval(() => void renew(files.lease).catch(() => {}), Math.min(30_000, (idleSeconds * 1000) / 3));
  timer.unref();
  return {
    release: async () => {
      clearInterval(timer);
      await renew(files.lease).catch(() => {});
    },
  };
}

export async function recordPid(files: LeaseFiles, pid: number): Promise<void> {
  await writeFile(files.pid, `${pid}\n`);
}

/** The command line of a running process, or undefined when there is none with that pid. */
async function commandOf(pid: number): Promise<string | undefined> {
  try {
    const { stdout } = await promisify(execFile)('ps', ['-o', 'args=', '-p', String(pid)]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops the local Neo4j left running on this store: SIGTERM to the pid in the pid file, when that process is
 * still the launcher holding this lease (a pid may have been reused since), then waits for it to exit.
 */
export async function stopLeftRunning(files: LeaseFiles, waitMs = 30_000): Promise<'stopped' | 'not-running'> {
  const pid = Number.parseInt(await readFile(files.pid, 'utf8').catch(() => ''), 10);
  const command = Number.isInteger(pid) && pid > 0 ? await commandOf(pid) : undefined;
  if (!command?.includes(`--idle-lease ${files.lease}`)) {
    await rm(files.pid, { force: true });
    return 'not-running';
  }
  process.kill(pid, 'SIGTERM');
  const until = Date.now() + waitMs;
  while ((await commandOf(pid)) !== undefined && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  if ((await commandOf(pid)) !== undefined) process.kill(pid, 'SIGKILL');
  await rm(files.pid, { force: true });
  return 'stopped';
}
