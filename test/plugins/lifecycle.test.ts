import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../../src/plugins/lifecycle.js';

describe('start-up work', () => {
  it('holds readiness while a task is pending, and releases it when the task ends either way', async () => {
    const lifecycle = new Lifecycle();
    let finish: () => void = () => {};
    let fail: (error: Error) => void = () => {};
    const done = lifecycle.track('the retrieval index', new Promise<void>((resolve) => (finish = resolve)));
    const failed = lifecycle.track('something else', new Promise<void>((_, reject) => (fail = reject)));
    expect(lifecycle.waitingFor).toEqual(['the retrieval index', 'something else']);
    finish();
    await done;
    expect(lifecycle.waitingFor).toEqual(['something else']);
    fail(new Error('Neo4j went away'));
    await expect(failed).resolves.toBeUndefined();
    expect(lifecycle.waitingFor).toEqual([]);
  });
});

describe('the seed state', () => {
  it('is disabled until start-up seeding begins, then pending, then done or failed with the reason', () => {
    const lifecycle = new Lifecycle();
    expect(lifecycle.seed).toEqual({ status: 'disabled' });
    lifecycle.seedPending();
    expect(lifecycle.seed).toEqual({ status: 'pending' });
    lifecycle.seedDone();
    expect(lifecycle.seed).toEqual({ status: 'done' });
    lifecycle.seedFailed('relations.yaml: unknown concept');
    expect(lifecycle.seed).toEqual({ status: 'failed', error: 'relations.yaml: unknown concept' });
  });
});

describe('phases', () => {
  it('is starting while the seed loads or start-up work is pending, and serving once both have settled', async () => {
    const lifecycle = new Lifecycle();
    expect(lifecycle.phase).toBe('serving');
    lifecycle.seedPending();
    expect(lifecycle.phase).toBe('starting');
    let finish: () => void = () => {};
    const done = lifecycle.track('the warm-up', new Promise<void>((resolve) => (finish = resolve)));
    lifecycle.seedDone();
    expect(lifecycle.phase).toBe('starting');
    finish();
    await done;
    expect(lifecycle.phase).toBe('serving');
    expect(lifecycle.shuttingDown).toBe(false);
  });

  it('counts a failed seed as settled: the service serves and readiness reports the failure', () => {
    const lifecycle = new Lifecycle();
    lifecycle.seedPending();
    lifecycle.seedFailed('broken seed');
    expect(lifecycle.phase).toBe('serving');
  });

  it('drains, then closes, and never goes back', () => {
    const lifecycle = new Lifecycle();
    lifecycle.startDraining();
    expect(lifecycle.phase).toBe('draining');
    expect(lifecycle.shuttingDown).toBe(true);
    lifecycle.startClosing();
    expect(lifecycle.phase).toBe('closing');
    lifecycle.startDraining();
    expect(lifecycle.phase).toBe('closing');
  });

  it('shuts down from any phase: a drain during start-up outranks the pending work', () => {
    const lifecycle = new Lifecycle();
    lifecycle.seedPending();
    void lifecycle.track('the retrieval index', new Promise(() => {}));
    lifecycle.startDraining();
    expect(lifecycle.phase).toBe('draining');
    const closedEarly = new Lifecycle();
    closedEarly.startClosing();
    expect(closedEarly.phase).toBe('closing');
    expect(closedEarly.shuttingDown).toBe(true);
  });
});
