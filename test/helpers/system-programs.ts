// Programs from the OS packages that some suites start (redis-server, nginx), and the processes they run. A
// missing program skips its suite on a developer's machine, with the command that installs it; in CI
// (.ci/run installs them and sets CI) it fails the suite instead, so a test that matters cannot vanish there.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

/** CI as most runners and .ci/run announce it. */
export const inCi = !['', '0', 'false'].includes((process.env.CI ?? '').trim().toLowerCase());

/**
 * The program's path, from PATH or the sbin folders (nginx lives in /usr/sbin, often not on a user's PATH).
 * Missing: undefined, with a line saying why the suite skips; in CI an error, which fails the suite.
 */
export function systemProgram(name: string, debianPackage: string): string | undefined {
  const folders = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'];
  const found = folders.filter(Boolean).map((folder) => path.join(folder, name));
  const program = found.find((file) => existsSync(file));
  if (program) return program;
  const message =
    `${name} was not found on PATH or in /usr/sbin. Install it with ` +
    `\`apt-get update && apt-get install -y ${debianPackage}\` (Debian; .ci/run does this in CI).`;
  if (inCi) throw new Error(message);
  process.stderr.write(`skipping the suites that need ${name}: ${message}\n`);
  return undefined;
}

export interface RunningProcess {
  pid: number;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. Safe to call more than once. */
  stop(graceMs?: number): Promise<void>;
}

export function startProcess(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): RunningProcess {
  const child: ChildProcess = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let code: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (exitCode) => {
      code = exitCode;
      resolve(exitCode);
    });
    // A program that cannot be started at all never exits: report it as exited.
    child.once('error', (error) => {
      output += `\n${String(error)}`;
      code = null;
      resolve(null);
    });
  });
  return {
    pid: child.pid ?? 0,
    output: () => output,
    exited,
    async stop(graceMs = 5_000) {
      if (code !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Whether something accepts a TCP connection on 127.0.0.1:port. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until something accepts connections on 127.0.0.1:port; fails early, with its output, if the process exits. */
export async function waitForPort(port: number, running: RunningProcess, name: string, deadlineMs = 15_000): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let gone = false;
  void running.exited.then(() => (gone = true));
  for (;;) {
    if (await accepts(port)) return;
    if (gone || Date.now() > deadline) {
      throw new Error(`${name} ${gone ? 'exited' : `did not listen on ${port} within ${deadlineMs} ms`}:\n${running.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
