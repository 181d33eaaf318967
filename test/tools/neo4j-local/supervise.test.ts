// The restart policy for a local Neo4j that dies, on fake instances: no JVM, no waiting beyond milliseconds.
import { describe, expect, it } from 'vitest';
import { keepRunning } from '../../../tools/neo4j-local/supervise.js';

type Exit = { code: number | null; signal: NodeJS.Signals | null };

function fakeInstance() {
  let exit: (value: Exit) => void = () => {};
  const exited = new Promise<Exit>((resolve) => {
    exit = resolve;
  });
  const instance = {
    exited,
    stopped: false,
    die: (signal: NodeJS.Signals = 'SIGKILL') => exit({ code: null, signal }),
    async stop() {
      instance.stopped = true;
      exit({ code: 0, signal: null });
    },
  };
  return instance;
}

const tuning = { firstDelayMs: 5, maxDelayMs: 20, maxAttempts: 3 };
const settle = (ms = 60) => new Promise((resolve) => setTimeout(resolve, ms));

describe('keepRunning (restarts of the local Neo4j)', () => {
  it('restarts an instance that died, saying why meanwhile and clearing it once it is back', async () => {
    const first = fakeInstance();
    const second = fakeInstance();
    const causes: (string | undefined)[] = [];
    const lines: string[] = [];
    const running = keepRunning(
      first,
      async () => second,
      (line) => lines.push(line),
      tuning,
    );
    running.supervise({ onTrouble: (cause) => causes.push(cause), onGiveUp: () => expect.unreachable() });
    first.die();
    await settle();
    expect(causes).toEqual(['the local Neo4j was killed by SIGKILL; restarting it (attempt 1 of 3)', undefined]);
    expect(lines.at(-1)).toBe('neo4j-local: restarted (attempt 1)');
    await running.stop();
    expect(second.stopped).toBe(true);
  });

  it('backs off and gives up after the last attempt, naming the last failure', async () => {
    const first = fakeInstance();
    let starts = 0;
    const gaveUp: string[] = [];
    const running = keepRunning(
      first,
      async () => {
        starts++;
        throw new Error('port 7687 is already in use');
      },
      () => {},
      tuning,
    );
    running.supervise({ onTrouble: () => {}, onGiveUp: (reason) => gaveUp.push(reason) });
    first.die();
    await settle(200);
    expect(starts).toBe(3);
    expect(gaveUp).toEqual(['the local Neo4j could not be restarted (port 7687 is already in use), after 3 attempts']);
  });

  it('does not restart an instance that was stopped on purpose, nor one that dies while stopping', async () => {
    const first = fakeInstance();
    let starts = 0;
    const running = keepRunning(
      first,
      async () => {
        starts++;
        return fakeInstance();
      },
      () => {},
      tuning,
    );
    running.supervise({ onTrouble: () => {}, onGiveUp: () => {} });
    await running.stop();
    first.die();
    await settle();
    expect(starts).toBe(0);
  });
});
