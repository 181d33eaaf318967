import { describe, expect, it } from 'vitest';
import { readableLine } from '../src/log-format.js';

describe('readable log lines', () => {
  it('shows time, level, message and every other field on one line', () => {
    const line = readableLine(
      JSON.stringify({
        level: 30,
        time: Date.UTC(2026, 0, 2, 3, 4, 5),
        pid: 1,
        hostname: 'h',
        requestId: 'r1',
        method: 'GET',
        status: 200,
        msg: 'request',
      }),
    );
    expect(line).toBe('03:04:05 INFO  request  requestId=r1 method=GET status=200\n');
  });

  it('puts an error stack on the lines below, indented', () => {
    const line = readableLine(
      JSON.stringify({ level: 50, time: 0, msg: 'request failed', err: { message: 'boom', stack: 'Error: boom\n    at x' } }),
    );
    expect(line).toBe('00:00:00 ERROR request failed\n  Error: boom\n      at x\n');
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(readableLine('neo4j-local: ready')).toBe('neo4j-local: ready\n');
  });
});
