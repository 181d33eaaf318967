// Starts and stops the embedded Neo4j of Main.java for `npm start` and the test global setup when NEO4J_URI is unset.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { cp, mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export interface LocalNeo4jOptions {
  /** Bolt port on 127.0.0.1. */
  port: number;
  /** Persistent store folder (relative to cwd ok); ignored when ephemeral. */
  home?: string;
  /** Throw-away store in a temp folder, deleted when Neo4j stops. */
  ephemeral?: boolean;
  /** Page cache size, default '256m'. */
  pageCache?: string;
  /** Max heap, default '1g' (initial heap 512m, or less when the max is smaller). */
  heap?: string;
  /** If given use <javaHome>/bin/java, else `java` from PATH. */
  javaHome?: string;
  /** Deadline for the JVM to print its ready line (the build, if any, is not counted). Default 120 000. */
  startTimeoutMs?: number;
  /** Launcher and Maven output lines, for the caller to log. */
  onLog?: (line: string) => void;
  /**
   * Left running when this process ends (`leave()`), so the next start finds it warm: the JVM is not tied to
   * this process's stdin and stops itself once the lease file has not been renewed for `idleSeconds`.
   */
  stayUp?: { lease: string; idleSeconds: number };
}

export interface LocalNeo4j {
  uri: string;
  pid: number;
  /** The launcher's ready line, e.g. "neo4j-local: ready bolt://127.0.0.1:7687 (Neo4j 5.26.30, home ..., 6.1 s)". */
  readyLine: string;
  /** Settles when the JVM exits, whether through stop() or on its own. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after 30 s; idempotent. */
  stop(): Promise<void>;
  /** Lets this process end with Neo4j still running (stayUp): its output is no longer read. */
  leave(): void;
}

export type LocalNeo4jFailure =
  | 'java-missing'
  | 'mvn-missing'
  | 'build-failed'
  | 'port-in-use'
  | 'store-locked'
  | 'start-failed'
  | 'start-timeout';

const ALTERNATIVES = 'set NEO4J_URI to an existing Neo4j, or run `docker compose up`';

/** The local Neo4j cannot run here; the one-line message says why and what to do instead. */
export class LocalNeo4jUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: LocalNeo4jFailure = 'start-failed',
    /** Last lines the launcher wrote to stderr, when it got that far. */
    readonly stderrTail: readonly string[] = [],
  ) {
    super(message);
    this.name = 'LocalNeo4jUnavailableError';
  }
}

const launcherDir = fileURLToPath(new URL('.', import.meta.url));
const pomPath = join(launcherDir, 'pom.xml');
const mainSource = join(launcherDir, 'src/main/java/dev/conceptgraph/neo4jlocal/Main.java');
const targetDir = join(launcherDir, 'target');
const classesDir = join(targetDir, 'classes');
const mainClassRelative = 'dev/conceptgraph/neo4jlocal/Main.class';
const mainClassFile = join(classesDir, mainClassRelative);
const dependencyDir = join(targetDir, 'dependency');
const buildLock = join(targetDir, '.build.lock');
const MAIN_CLASS = 'dev.conceptgraph.neo4jlocal.Main';
const READY_PREFIX = 'neo4j-local: ready ';
// Maven colours its output; the escape character is built from its code so the pattern holds no control character.
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

// Exit codes of Main.java.
const EXIT_PORT_IN_USE = 3;
const EXIT_STORE_LOCKED = 4;

// What Neo4j 5 ships in neo4j.conf for Java 17, plus the packages its own test runner opens.
const JVM_ACCESS_FLAGS = [
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  // Accepted since Java 17, which Neo4j 5.26 needs anyway.
  '--enable-native-access=ALL-UNNAMED',
  '-Dio.netty.tryReflectionSetAccessible=true',
];

/**
 * The built launcher (classes and Neo4j's jars), kept once per version of its sources in the user's cache, so
 * a second clone, a CI run on the same machine or a clean `target/` start without running Maven again.
 */
export async function launcherBuild(): Promise<{ dir: string; classes: string; dependency: string; key: string }> {
  const [pom, main] = await Promise.all([readFile(pomPath), readFile(mainSource)]);
  const key = createHash('sha256').update(pom).update('\0').update(main).digest('hex').slice(0, 16);
  const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const dir = join(cacheHome, 'concept-graph', 'neo4j-local', key);
  return { dir, classes: join(dir, 'classes'), dependency: join(dir, 'dependency'), key };
}

async function hasBuild(classes: string, dependency: string): Promise<boolean> {
  if (!existsSync(join(classes, mainClassRelative))) return false;
  const jars = await readdir(dependency).catch(() => [] as string[]);
  return jars.some((name) => name.endsWith('.jar'));
}

/**
 * Makes sure the launcher of these sources is built and cached: if the cache has it, nothing to do; otherwise
 * Maven compiles Main.java and copies Neo4j's jars into target/ (when missing or older than the sources), and
 * the result is copied into the cache. Concurrent callers (say `npm start` and `npm test`) share one build
 * through a lock file holding the builder's pid.
 */
export async function ensureLauncherBuilt(onLog?: (line: string) => void): Promise<void> {
  const cached = await launcherBuild();
  if (await hasBuild(cached.classes, cached.dependency)) return;
  await mkdir(targetDir, { recursive: true });
  const lock = await acquireBuildLock(onLog);
  try {
    // Another process may have finished the build while this one waited for the lock.
    if (await hasBuild(cached.classes, cached.dependency)) return;
    if (!(await isBuildFresh())) {
      // copy-dependencies never removes jars, so a changed pom would leave two Neo4j versions on the classpath.
      // Only then: a launcher of another process may be running from these jars.
      if (((await mtime(pomPath)) ?? 0) > ((await mtime(dependencyDir)) ?? Infinity)) {
        await rm(dependencyDir, { recursive: true, force: true });
      }
      // Maven's own failure without a JDK is a wall of text; this names the cause in one line.
      if (!(await canRun('java'))) {
        throw new LocalNeo4jUnavailableError(`\`java\` not found on PATH (Java 17 or 21 is needed) — ${ALTERNATIVES}`, 'java-missing');
      }
      const started = performance.now();
      onLog?.(
        'neo4j-local: building the launcher with Maven, once for this version of it (the first build on a machine downloads about 120 MB of jars into ~/.m2)',
      );
      await runMaven(onLog);
      if (!(await isBuildFresh())) {
        throw new LocalNeo4jUnavailableError(
          `Maven finished but ${mainClassFile} or ${dependencyDir} is missing — ${ALTERNATIVES}`,
          'build-failed',
        );
      }
      onLog?.(`neo4j-local: launcher built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    // Copied beside the final folder, then renamed into place: a reader never sees half a build.
    const partial = `${cached.dir}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await cp(classesDir, join(partial, 'classes'), { recursive: true });
    await cp(dependencyDir, join(partial, 'dependency'), { recursive: true });
    await rm(cached.dir, { recursive: true, force: true });
    await rename(partial, cached.dir);
    onLog?.(`neo4j-local: launcher kept in ${cached.dir} for later starts and clones`);
  } finally {
    await lock.release();
  }
}

/** Starts the embedded Neo4j and resolves once Bolt accepts connections. */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const { port, onLog } = options;
  const java = options.javaHome ? join(options.javaHome, 'bin', 'java') : 'java';
  if (options.javaHome && !existsSync(java)) {
    throw new LocalNeo4jUnavailableError(`no java at ${java} (javaHome) — ${ALTERNATIVES}`, 'java-missing');
  }
  await ensureLauncherBuilt(onLog);
  const build = await launcherBuild();
  if (!(await isPortFree(port))) {
    throw new LocalNeo4jUnavailableError(
      `port ${port} is already in use — another Neo4j? set NEO4J_LOCAL_PORT or NEO4J_URI`,
      'port-in-use',
    );
  }

  const heap = options.heap ?? '1g';
  const initialHeap = parseSize(heap) < parseSize('512m') ? heap : '512m';
  const storeArgs = options.ephemeral ? ['--ephemeral'] : ['--home', resolve(options.home ?? '.neo4j-local')];
  const args = [
    `-Xms${initialHeap}`,
    `-Xmx${heap}`,
    '-XX:+ExitOnOutOfMemoryError',
    '-XX:+UseG1GC',
    '-Dfile.encoding=UTF-8',
    ...JVM_ACCESS_FLAGS,
    '-cp',
    [build.classes, join(build.dependency, '*')].join(delimiter),
    MAIN_CLASS,
    '--port',
    String(port),
    ...storeArgs,
    '--page-cache',
    options.pageCache ?? '256m',
    // With stdin piped from this process, the JVM sees EOF when this process dies, even by SIGKILL. A server
    // left running for the next start watches its lease instead.
    ...(options.stayUp
      ? ['--idle-lease', options.stayUp.lease, '--idle-exit', String(Math.max(1, Math.round(options.stayUp.idleSeconds)))]
      : ['--watch-stdin']),
  ];
  // Detached (own process group) so a terminal's Ctrl+C reaches only the caller, which then stops Neo4j after
  // its own shutdown (in-flight requests first); stdin still ties the JVM's life to this process.
  const child = spawn(java, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  // Left running, the JVM must not hold a pipe from this process open: it reads no stdin then.
  if (options.stayUp) child.stdin.end();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
  });
  // A stdin write error after the JVM is gone is expected, not a crash of this process.
  child.stdin?.on('error', () => {});

  const stderrTail: string[] = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderrTail.push(line);
    if (stderrTail.length > 20) stderrTail.shift();
    onLog?.(line);
  });

  const readyLine = await new Promise<string>((resolveReady, rejectReady) => {
    const timeoutMs = options.startTimeoutMs ?? 120_000;
    let timedOut = false;
    const fail = (error: LocalNeo4jUnavailableError) => {
      clearTimeout(timer);
      rejectReady(error);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      // Wait for the exit so that a caller who retries finds the port and the store lock free.
      void terminate(child, exited).then(() =>
        fail(
          new LocalNeo4jUnavailableError(
            `local Neo4j was not ready within ${timeoutMs / 1000} s${lastLine(stderrTail)} — ${ALTERNATIVES}`,
            'start-timeout',
            [...stderrTail],
          ),
        ),
      );
    }, timeoutMs);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith(READY_PREFIX)) {
        // Too late: the timeout has already begun to kill it.
        if (timedOut) return;
        clearTimeout(timer);
        resolveReady(line);
      } else {
        onLog?.(line);
      }
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      const missing = error.code === 'ENOENT';
      fail(
        new LocalNeo4jUnavailableError(
          missing
            ? `\`${java}\` not found (Java 17 or 21 is needed) — ${ALTERNATIVES}`
            : `cannot run ${java}: ${error.message} — ${ALTERNATIVES}`,
          missing ? 'java-missing' : 'start-failed',
        ),
      );
    });
    void exited.then(async ({ code, signal }) => {
      if (timedOut) return;
      // Lines still in the pipe arrive after 'exit'; the tail should include them.
      if (child.stderr && !child.stderr.readableEnded) await once(child.stderr, 'end').catch(() => {});
      fail(startFailure(code, signal, port, java, [...stderrTail]));
    });
  });

  let stopping: Promise<void> | undefined;
  void exited.then(({ code, signal }) => {
    if (!stopping) onLog?.(`neo4j-local: Neo4j exited unexpectedly (${signal ?? `code ${code}`})`);
  });
  const uri = readyLine.slice(READY_PREFIX.length).split(' ')[0] ?? `bolt://127.0.0.1:${port}`;
  return {
    uri,
    pid: child.pid ?? -1,
    readyLine,
    exited,
    stop: () => (stopping ??= terminate(child, exited)),
    leave: () => {
      stopping ??= Promise.resolve();
      child.stdout?.destroy();
      child.stderr?.destroy();
      child.unref();
    },
  };
}

/** SIGTERM lets Neo4j flush and release the store lock; SIGKILL only if it hangs. */
async function terminate(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killTimer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    await exited;
  } finally {
    clearTimeout(killTimer);
  }
}

function startFailure(
  code: number | null,
  signal: NodeJS.Signals | null,
  port: number,
  java: string,
  stderrTail: string[],
): LocalNeo4jUnavailableError {
  const launcherLine = [...stderrTail].reverse().find((line) => line.startsWith('neo4j-local: '));
  const said = launcherLine?.slice('neo4j-local: '.length);
  if (code === EXIT_PORT_IN_USE) {
    return new LocalNeo4jUnavailableError(
      `port ${port} is already in use — another Neo4j? set NEO4J_LOCAL_PORT or NEO4J_URI`,
      'port-in-use',
      stderrTail,
    );
  }
  if (code === EXIT_STORE_LOCKED) {
    return new LocalNeo4jUnavailableError(
      `${said ?? 'the store is locked'} — stop the other one, or set NEO4J_LOCAL_HOME or NEO4J_URI`,
      'store-locked',
      stderrTail,
    );
  }
  if (stderrTail.some((line) => line.includes('UnsupportedClassVersionError'))) {
    return new LocalNeo4jUnavailableError(
      `${java} is older than Java 17, which Neo4j 5.26 needs — ${ALTERNATIVES}`,
      'java-missing',
      stderrTail,
    );
  }
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  const why = said ? `: ${said}` : lastLine(stderrTail);
  return new LocalNeo4jUnavailableError(`local Neo4j ${how} before it was ready${why} — ${ALTERNATIVES}`, 'start-failed', stderrTail);
}

function lastLine(lines: string[]): string {
  const last = lines.findLast((line) => line.trim() !== '');
  return last ? ` (last output: ${last.trim()})` : '';
}

async function isBuildFresh(): Promise<boolean> {
  const [built, source, pom] = await Promise.all([mtime(mainClassFile), mtime(mainSource), mtime(pomPath)]);
  if (built === undefined || built < (source ?? 0) || built < (pom ?? 0)) return false;
  const jars = await readdir(dependencyDir).catch(() => [] as string[]);
  return jars.some((name) => name.endsWith('.jar'));
}

async function mtime(path: string): Promise<number | undefined> {
  return stat(path).then(
    (stats) => stats.mtimeMs,
    () => undefined,
  );
}

async function runMaven(onLog?: (line: string) => void): Promise<void> {
  // Maven's own JVM logs colour codes even in batch mode; they would garble the caller's log.
  const maven = spawn('mvn', ['-B', '-q', '-Dstyle.color=never', '-f', pomPath, 'package', '-DskipTests'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  for (const stream of [maven.stdout, maven.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      const clean = line.replace(ANSI_COLOUR, '');
      if (clean.trim() === '') return;
      output.push(clean);
      onLog?.(clean);
    });
  }
  const code = await new Promise<number | null>((resolveCode, rejectCode) => {
    maven.once('error', (error: NodeJS.ErrnoException) => {
      rejectCode(
        error.code === 'ENOENT'
          ? new LocalNeo4jUnavailableError(`\`mvn\` not found (Maven builds the local Neo4j launcher) — ${ALTERNATIVES}`, 'mvn-missing')
          : error,
      );
    });
    maven.once('close', resolveCode);
  });
  if (code !== 0) {
    const javaMissing = output.some((line) => /JAVA_HOME|java: (command )?not found/i.test(line));
    throw new LocalNeo4jUnavailableError(
      javaMissing
        ? `\`java\` not found (Maven needs a JDK 17 or 21) — ${ALTERNATIVES}`
        : `building tools/neo4j-local with Maven failed (exit ${code}${lastLine(output)
            .replace(/^ \(last output: /, ': ')
            .replace(/\)$/, '')}) — ${ALTERNATIVES}`,
      javaMissing ? 'java-missing' : 'build-failed',
    );
  }
}

async function canRun(command: string): Promise<boolean> {
  const probe = spawn(command, ['-version'], { stdio: 'ignore' });
  return new Promise((resolveProbe) => {
    probe.once('error', () => resolveProbe(false));
    probe.once('close', (code) => resolveProbe(code === 0));
  });
}

async function acquireBuildLock(onLog?: (line: string) => void): Promise<{ release(): Promise<void> }> {
  const deadline = Date.now() + 15 * 60_000;
  let announced = false;
  for (;;) {
    try {
      const handle = await open(buildLock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => unlink(buildLock).catch(() => {}) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(buildLock, 'utf8').catch(() => ''), 10);
    if (!Number.isInteger(holder) || !isAlive(holder)) {
      // Left behind by a build that was killed; a half-written pid reads as NaN only for a moment, so retry once.
      await sleep(200);
      const again = Number.parseInt(await readFile(buildLock, 'utf8').catch(() => ''), 10);
      if (again === holder || Number.isNaN(again)) await unlink(buildLock).catch(() => {});
      continue;
    }
    if (Date.now() > deadline) {
      throw new LocalNeo4jUnavailableError(
        `another process (pid ${holder}) has been building the launcher for 15 minutes — ${ALTERNATIVES}`,
        'build-failed',
      );
    }
    if (!announced) onLog?.(`neo4j-local: waiting for the launcher build of process ${holder}`);
    announced = true;
    await sleep(500);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isPortFree(port: number): Promise<boolean> {
  const server = createServer();
  try {
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen);
      server.listen({ port, host: '127.0.0.1', exclusive: true }, resolveListen);
    });
  } catch {
    return false;
  }
  await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  return true;
}

/** A port on 127.0.0.1 that is free right now, for a throw-away Neo4j (tests, benchmarks). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen({ port: 0, host: '127.0.0.1' }, resolveListen);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
  return port;
}

/** "512m" -> bytes; the JVM's own suffixes (k, m, g, t, case-insensitive), plain numbers are bytes. */
function parseSize(size: string): number {
  const match = /^(\d+)([kmgt]?)$/i.exec(size.trim());
  if (!match) throw new RangeError(`not a JVM memory size: ${JSON.stringify(size)} (use e.g. 512m or 1g)`);
  const unit = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[(match[2] ?? '').toLowerCase()] ?? 1;
  return Number(match[1]) * unit;
}
