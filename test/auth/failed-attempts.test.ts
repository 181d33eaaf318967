// Failed authentications per client: counted before the work, given back on success, refused past the budget.
import { describe, expect, it } from 'vitest';
import { FailedAttempts } from '../../src/auth/failed-attempts.js';

function clock(start = 1_000_000) {
  const state = { now: start };
  return { state, now: () => state.now };
}

describe('failed attempts', () => {
  it('allows max attempts per window and then refuses, saying when the window ends', () => {
    const time = clock();
    const attempts = new FailedAttempts({ max: 3, windowMs: 60_000, now: time.now });
    expect([attempts.begin('a'), attempts.begin('a'), attempts.begin('a')].every((attempt) => attempt.allowed)).toBe(true);
    time.state.now += 20_000;
    expect(attempts.begin('a')).toEqual({ allowed: false, retryAfterMs: 40_000 });
    expect(attempts.begin('b').allowed).toBe(true);
  });

  it('counts attempts still in progress, so many at once cannot all go ahead', () => {
    const attempts = new FailedAttempts({ max: 2, windowMs: 60_000 });
    const started = Array.from({ length: 10 }, () => attempts.begin('a'));
    expect(started.filter((attempt) => attempt.allowed)).toHaveLength(2);
  });

  it('does not hold a successful attempt against the client', () => {
    const attempts = new FailedAttempts({ max: 1, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) {
      expect(attempts.begin('a').allowed).toBe(true);
      attempts.succeeded('a');
    }
  });

  it('starts a fresh window once the last one has passed', () => {
    const time = clock();
    const attempts = new FailedAttempts({ max: 1, windowMs: 10_000, now: time.now });
    attempts.begin('a');
    expect(attempts.begin('a').allowed).toBe(false);
    time.state.now += 10_000;
    expect(attempts.begin('a').allowed).toBe(true);
  });

  it('tracks at most maxClients clients, forgetting the least recently seen', () => {
    const attempts = new FailedAttempts({ max: 1, windowMs: 60_000, maxClients: 2 });
    attempts.begin('a');
    attempts.begin('b');
    attempts.begin('a'); // refused, but a is now the most recently seen
    attempts.begin('c'); // b goes
    expect(attempts.begin('a').allowed).toBe(false);
    expect(attempts.begin('b').allowed).toBe(true);
  });
});
