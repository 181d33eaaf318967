// The key format and the salted scrypt hash of its secret (no database: the statements are tested in keys.int.test.ts).
import { timingSafeEqual } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { formatKey, hashSecret, parseKey, secretMatches } from '../../src/auth/keys.js';

// Spied on, to show the comparison goes through the constant-time function with buffers of equal length.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const id = '0123456789abcdef';
const secret = `${'A'.repeat(21)}_-${'z'.repeat(20)}`;

describe('key format', () => {
  it('parses the id and secret of a key it formatted', () => {
    expect(secret).toHaveLength(43);
    expect(parseKey(formatKey(id, secret))).toEqual({ id, secret });
  });

  it('refuses anything else: another prefix, a short secret, an id that is not hex, extra text', () => {
    for (const text of [
      `xx_${id}_${secret}`,
      `cg_${id}_${secret.slice(1)}`,
      `cg_0123456789abcdeg_${secret}`,
      `cg_${id}_${secret} `,
      `cg_${id}_${secret}_`,
      '',
    ]) {
      expect(parseKey(text), text).toBeUndefined();
    }
  });
});

describe('secret hashing', () => {
  it('keeps a salt and a hash, neither of which is the secret, and two hashes of one secret differ', async () => {
    const first = await hashSecret(secret);
    const second = await hashSecret(secret);
    expect(first.hash).not.toContain(secret);
    expect(first.salt).not.toBe(second.salt);
    expect(first.hash).not.toBe(second.hash);
  });

  it('matches the secret it was made from', async () => {
    expect(await secretMatches(secret, await hashSecret(secret))).toBe(true);
  });

  it('refuses a wrong secret of the same length through the constant-time comparison', async () => {
    const stored = await hashSecret(secret);
    const wrong = `B${secret.slice(1)}`;
    expect(wrong).toHaveLength(secret.length);
    vi.mocked(timingSafeEqual).mockClear();
    expect(await secretMatches(wrong, stored)).toBe(false);
    expect(timingSafeEqual).toHaveBeenCalledTimes(1);
    const [actual, expected] = vi.mocked(timingSafeEqual).mock.calls[0] ?? [];
    expect((actual as Buffer).length).toBe((expected as Buffer).length);
    expect(vi.mocked(timingSafeEqual).mock.results[0]).toEqual({ type: 'return', value: false });
  });

  it('calls a damaged stored hash of another length a mismatch instead of throwing', async () => {
    const stored = await hashSecret(secret);
    expect(await secretMatches(secret, { ...stored, hash: stored.hash.slice(0, 10) })).toBe(false);
  });
});
