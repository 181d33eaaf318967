import { describe, expect, it } from 'vitest';
import { Neo4jHealth, Neo4jProbe, probeTuning } from '../../src/graph/neo4j-health.js';

describe('Neo4jHealth (the circuit breaker)', () => {
  it('admits queries before the first probe and once up, refuses them while down or warming', () => {
    const health = new Neo4jHealth();
    expect(health.admitsQueries).toBe(true);
    expect(health.probeSucceeded()).toBe(false);
    expect(health.status).toBe('up');
    health.probeFailed('timed out');
    expect(health.status).toBe('down');
    expect(health.admitsQueries).toBe(false);
    expect(health.probeSucceeded()).toBe(true);
    expect(health.status).toBe('warming');
    expect(health.admitsQueries).toBe(false);
    health.warmedUp();
    expect(health.status).toBe('up');
    expect(health.admitsQueries).toBe(true);
  });

  it('opens on an unreachable database but not on a slow query or another error', () => {
    const health = new Neo4jHealth();
    health.probeSucceeded();
    health.reportFailure('query-timeout', 'query took too long');
    health.reportFailure('pool-timeout', 'no free connection');
    health.reportFailure('other', 'syntax');
    health.reportFailure('retryable', 'deadlock');
    expect(health.status).toBe('up');
    health.reportFailure('unavailable', 'connection refused');
    expect(health.status).toBe('down');
    expect(health.reason).toBe('connection refused');
  });

  it('tells listeners about each change once, with the reason', () => {
    let clock = 0;
    const health = new Neo4jHealth(() => clock);
    const events: string[] = [];
    health.onChange(({ from, to }) => events.push(`${from}->${to}`));
    health.probeSucceeded();
    clock = 500;
    health.probeFailed('a');
    health.probeFailed('b');
    health.reportFailure('unavailable', 'c');
    expect(events).toEqual(['unknown->up', 'up->down']);
    clock = 800;
    expect(health.age).toBe(300);
  });
});

describe('Neo4jProbe', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('counts a probe that does not answer within its timeout as down, and warms up only after consecutive answers', async () => {
    const health = new Neo4jHealth();
    let answering = true;
    let hung = false;
    let warmUps = 0;
    const probe = new Neo4jProbe({
      health,
      intervalMs: 40,
      timeoutMs: 50,
      probe: () => (hung ? new Promise(() => {}) : answering ? Promise.resolve() : Promise.reject(new Error('refused'))),
      warmUp: async () => {
        warmUps++;
      },
    });
    await probe.start();
    expect(health.status).toBe('up');
    hung = true;
    const hungAt = performance.now();
    while (health.status === 'up' && performance.now() - hungAt < 2_000) await sleep(5);
    expect(health.status).toBe('down');
    // Interval plus timeout, with slack for a busy machine.
    expect(performance.now() - hungAt).toBeLessThan(1_000);
    hung = false;
    answering = true;
    while (health.status !== 'up' && performance.now() - hungAt < 3_000) await sleep(5);
    expect(health.status).toBe('up');
    expect(warmUps).toBe(1);
    await probe.stop();
    expect(probeTuning.answersBeforeWarmUp).toBeGreaterThanOrEqual(1);
  });

  it('stays down when the warm-up fails', async () => {
    const health = new Neo4jHealth();
    health.probeFailed('start');
    const probe = new Neo4jProbe({
      health,
      intervalMs: 20,
      timeoutMs: 50,
      probe: () => Promise.resolve(),
      warmUp: () => Promise.reject(new Error('pool broken')),
    });
    await probe.start();
    await sleep(200);
    await probe.stop();
    expect(health.status).toBe('down');
    expect(health.reason).toContain('warm-up failed');
  });
});
