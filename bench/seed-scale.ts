// `npm run bench:seed [-- concepts relations] [-- --warm N]`: the seed at scale. Generates a graph in the seed format
// (default 10k concepts / 100k relations, bench/generate-graph.ts), starts a throw-away local Neo4j on a free
// port, and runs each phase in a fresh Node process so its peak RSS is its own:
//   check   validation only (`npm run seed -- --check`)
//   load    validation and writing into the empty graph (`npm run seed`)
//   reload  the same files again: validation, the diff against the graph, nothing to write
//   warm    the graph and its schema dropped, then the load again: the same work, now by a JVM that has
//           compiled its code (a Neo4j that has been running), where `load` pays for the first compile;
//           `--warm N` repeats it N times (the JVM keeps compiling for a few loads)
// It prints wall time and peak RSS (process.resourceUsage().maxRSS) per phase, the write phases inside the
// load, CPU seconds of Node and of the Neo4j JVM (on a shared machine they say more than wall time), and the
// JVM's peak RSS. Neo4j and the generated folder are removed at the end.
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import { GraphDatabase, statement } from '../src/graph/database.js';
import { createDriver } from '../src/graph/driver.js';
import { applySeed } from '../src/seed/apply.js';
import { loadSeed } from '../src/seed/load.js';
import { freePort, startLocalNeo4j } from '../tools/neo4j-local/neo4j-local.js';
import { clearGraph } from './clear-graph.js';
import { generateGraph } from './generate-graph.js';

interface PhaseResult {
  phase: string;
  ms: number;
  maxRssMb: number;
  /** CPU seconds of this Node process. */
  cpuS: number;
  /** CPU seconds the Neo4j JVM spent during the phase (set by the parent). */
  jvmCpuS?: number;
  summary: string;
  steps: Record<string, number>;
}

const mb = (kilobytes: number) => Math.round(kilobytes / 1024);

/** Deletes every node and drops every constraint and index the seed made, so a load starts from an empty store. */
async function emptyStore(uri: string): Promise<void> {
  const config = loadConfig();
  const driver = createDriver({ ...config.neo4j, uri, password: '' });
  try {
    const db = new GraphDatabase(driver, config.neo4j.database, config.neo4j.queryTimeoutMs);
    await clearGraph(db);
    // Names come from Neo4j's own listing of this throw-away store; backticks are doubled as Cypher escapes them.
    const quote = (name: unknown) => `\`${String(name).replaceAll('`', '``')}\``;
    for (const row of await db.read('SHOW CONSTRAINTS YIELD name RETURN name')) {
      await db.schema(statement('dropConstraint', `DROP CONSTRAINT ${quote(row.name)}`));
    }
    for (const row of await db.read("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name")) {
      await db.schema(statement('dropIndex', `DROP INDEX ${quote(row.name)}`));
    }
  } finally {
    await driver.close();
  }
}

/** One phase, in this process: what `npm run seed` does, timed from the start of validation. */
async function runPhase(phase: string, dir: string, uri: string | undefined): Promise<PhaseResult> {
  const started = performance.now();
  const data = await loadSeed(dir);
  const steps: Record<string, number> = { validate: performance.now() - started };
  let summary = `${data.concepts.length} concepts, ${data.relations.length} relations valid`;
  if (phase !== 'check' && uri) {
    const config = loadConfig();
    const driver = createDriver({ ...config.neo4j, uri, password: '' });
    try {
      const report = await applySeed(new GraphDatabase(driver, config.neo4j.database, config.neo4j.queryTimeoutMs), data, {
        onPhase: (step, ms) => {
          steps[step] = ms;
        },
      });
      const c = report.relations;
      summary = `relations created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}; changed: ${report.changed}`;
    } finally {
      await driver.close();
    }
  }
  const usage = process.resourceUsage();
  return {
    phase,
    ms: performance.now() - started,
    maxRssMb: mb(usage.maxRSS),
    cpuS: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    summary,
    steps,
  };
}

function runChild(phase: string, dir: string, uri: string): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/seed-scale.ts', '--phase', phase, '--dir', dir, '--uri', uri], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`phase ${phase} exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as PhaseResult);
    });
  });
}

/** CPU seconds a process has used so far (Linux); on a shared machine it says more than wall time. */
async function cpuSeconds(pid: number): Promise<number | undefined> {
  try {
    const fields = ((await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1] ?? '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Peak resident memory of a process (Linux), in MB. */
async function peakRssMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kilobytes ? mb(Number(kilobytes)) : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { phase: { type: 'string' }, dir: { type: 'string' }, uri: { type: 'string' }, warm: { type: 'string' } },
  });
  if (values.phase && values.dir) {
    process.stdout.write(`${JSON.stringify(await runPhase(values.phase, values.dir, values.uri))}\n`);
    return;
  }

  const [concepts = 10_000, relations = 100_000] = positionals.map(Number);
  process.stderr.write(`generating ${concepts} concepts / ${relations} relations…\n`);
  const dir = await generateGraph(concepts, relations);
  const neo4j = await startLocalNeo4j({ port: await freePort(), ephemeral: true });
  const results: PhaseResult[] = [];
  try {
    const warmRuns = Math.max(1, Number(values.warm ?? 1));
    for (const phase of ['check', 'load', 'reload', ...Array<string>(warmRuns).fill('warm')]) {
      process.stderr.write(`${phase}…\n`);
      if (phase === 'warm') await emptyStore(neo4j.uri);
      const before = await cpuSeconds(neo4j.pid);
      const result = await runChild(phase, dir, neo4j.uri);
      const after = await cpuSeconds(neo4j.pid);
      if (before !== undefined && after !== undefined) result.jvmCpuS = after - before;
      results.push(result);
    }
    const jvmPeak = await peakRssMb(neo4j.pid);
    console.log(`\nseed at scale: ${concepts} concepts, ${relations} relations (${cpus().length} cores, ${mb(totalmem() / 1024)} MB RAM)`);
    console.log(
      `load average at the end: ${loadavg()
        .map((n) => n.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `${'phase'.padEnd(8)} ${'wall'.padStart(9)} ${'peak RSS'.padStart(9)} ${'node CPU'.padStart(9)} ${'JVM CPU'.padStart(9)}  steps (wall)`,
    );
    for (const r of results) {
      const steps = Object.entries(r.steps)
        .map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
        .join(', ');
      const jvm = r.jvmCpuS === undefined ? 'n/a' : `${r.jvmCpuS.toFixed(1)} s`;
      console.log(
        `${r.phase.padEnd(8)} ${`${(r.ms / 1000).toFixed(1)} s`.padStart(9)} ${`${r.maxRssMb} MB`.padStart(9)} ${`${r.cpuS.toFixed(1)} s`.padStart(9)} ${jvm.padStart(9)}  ${steps}`,
      );
      console.log(`${''.padEnd(50)}${r.summary}`);
    }
    console.log(`Neo4j JVM peak RSS: ${jvmPeak === undefined ? 'n/a (no /proc)' : `${jvmPeak} MB`} (heap cap 1g, page cache 256m)`);
  } finally {
    await neo4j.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
