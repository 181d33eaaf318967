import { describe, expect, it } from 'vitest';
import { nextTurn, runInSlices, runToEnd } from '../../src/graph/slices.js';

/** Steps that each keep the CPU busy for `ms`, recording their order in `log`. */
function* busySteps(count: number, ms: number, log: string[]): Generator<void, number> {
  for (let i = 0; i < count; i++) {
    const until = performance.now() + ms;
    while (performance.now() < until) {
      // busy: a synchronous piece of work
    }
    log.push(`step ${i}`);
    yield;
  }
  return count;
}

describe('work in slices', () => {
  it('runs every step and returns the result, in one go or in slices', async () => {
    expect(runToEnd(busySteps(3, 0, []))).toBe(3);
    expect(await runInSlices(busySteps(3, 0, []))).toBe(3);
  });

  it('lets the event loop run between slices: a callback queued at the start runs before the last step', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('other work'));
    await runInSlices(busySteps(10, 2, log), 4);
    const other = log.indexOf('other work');
    // 20 ms of steps in slices of about 4 ms: the queued callback ran after the first slice, long before the end.
    expect(other).toBeGreaterThan(0);
    expect(other).toBeLessThan(5);
  });

  it('holds the loop for the whole run when not sliced (what the slices prevent)', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('other work'));
    runToEnd(busySteps(5, 1, log));
    await nextTurn();
    expect(log.indexOf('other work')).toBe(5);
  });
});
