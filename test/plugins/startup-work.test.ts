import { describe, expect, it } from 'vitest';
import { StartupWork } from '../../src/plugins/startup-work.js';

describe('start-up work', () => {
  it('holds readiness while a task is pending, and releases it when the task ends either way', async () => {
    const work = new StartupWork();
    let finish: () => void = () => {};
    let fail: (error: Error) => void = () => {};
    const done = work.track('the retrieval index', new Promise<void>((resolve) => (finish = resolve)));
    const failed = work.track('something else', new Promise<void>((_, reject) => (fail = reject)));
    expect(work.waitingFor).toEqual(['the retrieval index', 'something else']);
    finish();
    await done;
    expect(work.waitingFor).toEqual(['something else']);
    fail(new Error('Neo4j went away'));
    await expect(failed).resolves.toBeUndefined();
    expect(work.waitingFor).toEqual([]);
  });
});
