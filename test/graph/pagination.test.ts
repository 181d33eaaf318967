import { afterEach, describe, expect, it } from 'vitest';
import { configureCursorKeys, decodeCursor, encodeCursor, processCursorKey } from '../../src/graph/pagination.js';

const keyA = 'a-secret-of-at-least-32-characters-AAAA';
const keyB = 'another-secret-of-32-characters-or-more-B';

afterEach(() => configureCursorKeys({ current: processCursorKey }));

describe('cursor keys', () => {
  it('reads back a cursor signed with the current key', () => {
    configureCursorKeys({ current: keyA });
    expect(decodeCursor(encodeCursor('concepts', 'containerd'), 'concepts')).toBe('containerd');
  });

  it('refuses a cursor signed with another key', () => {
    configureCursorKeys({ current: keyA });
    const cursor = encodeCursor('concepts', 'containerd');
    configureCursorKeys({ current: keyB });
    expect(() => decodeCursor(cursor, 'concepts')).toThrow(/not issued by this service/);
  });

  it('accepts cursors of the previous key during a rotation, and signs new ones with the current key', () => {
    configureCursorKeys({ current: keyA });
    const old = encodeCursor('concepts', 'containerd');
    configureCursorKeys({ current: keyB, previous: keyA });
    expect(decodeCursor(old, 'concepts')).toBe('containerd');
    const fresh = encodeCursor('concepts', 'runc');
    configureCursorKeys({ current: keyB });
    expect(decodeCursor(fresh, 'concepts')).toBe('runc');
    expect(() => decodeCursor(old, 'concepts')).toThrow(/not issued by this service/);
  });

  it('refuses a cursor forged with the key that used to be in the source', async () => {
    const { createHmac } = await import('node:crypto');
    const body = Buffer.from(JSON.stringify({ v: 1, s: 'concepts', a: 'zzz' })).toString('base64url');
    const forged = `${body}.${createHmac('sha256', 'concept-graph/cursor/v1').update(body).digest().subarray(0, 12).toString('base64url')}`;
    expect(() => decodeCursor(forged, 'concepts')).toThrow(/not issued by this service/);
  });
});
