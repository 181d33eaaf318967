// Turns a presented key into the principal it belongs to. scrypt is slow on purpose, so a key verified a
// moment ago is remembered for a few seconds, under a SHA-256 digest of the key (never the key itself). The
// time is short so that revoking a key takes effect on every replica within it; concurrent requests with the
// same key share one verification. When the time is up the key's record is read again (a revoked key is gone)
// but scrypt is not run again while the stored hash is the one the key was proven against: the proof still holds.
import { createHash } from 'node:crypto';
import { parseKey, type StoredKey, secretMatches } from './keys.js';
import { Scope } from './scopes.js';

/** Who made a request: the key's id and name (recorded in revisions) and what it may do. */
export interface Principal {
  keyId: string;
  name: string;
  scopes: Scope[];
}

export const verifierTuning = {
  /** How long a verified key is trusted without asking Neo4j again; a revocation waits at most this long. */
  cacheTtlMs: 5_000,
  /** Verified keys remembered at most (the least recently verified go first). */
  cacheEntries: 1_000,
};

export interface VerifierOptions {
  /** The live (not revoked) key with this id, or undefined. */
  findKey: (id: string) => Promise<StoredKey | undefined>;
  cacheTtlMs?: number;
  cacheEntries?: number;
  /** The slow check of a secret against its stored hash (scrypt); tests count its calls. */
  secretMatches?: (secret: string, stored: StoredKey) => Promise<boolean>;
  now?: () => number;
}

function digestOf(presented: string): string {
  return createHash('sha256').update(presented).digest('base64url');
}

export class KeyVerifier {
  /** `proof`: the stored salt and hash the key was checked against; an expired entry keeps it for the re-check. */
  private readonly cache = new Map<string, { principal: Principal; expiresAt: number; proof: string }>();
  private readonly pending = new Map<string, Promise<Principal | undefined>>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(private readonly options: VerifierOptions) {
    this.ttlMs = options.cacheTtlMs ?? verifierTuning.cacheTtlMs;
    this.maxEntries = options.cacheEntries ?? verifierTuning.cacheEntries;
    this.now = options.now ?? Date.now;
  }

  /** The principal of a key verified within the cache time, without any I/O; undefined otherwise. */
  cached(presented: string): Principal | undefined {
    const digest = digestOf(presented);
    const entry = this.cache.get(digest);
    if (!entry || entry.expiresAt <= this.now()) return undefined;
    return entry.principal;
  }

  /** The principal of a valid key; undefined for a key that is malformed, unknown, revoked or wrong. */
  async verify(presented: string): Promise<Principal | undefined> {
    const hit = this.cached(presented);
    if (hit) return hit;
    const digest = digestOf(presented);
    let verification = this.pending.get(digest);
    if (!verification) {
      verification = this.verifyUncached(presented, digest).finally(() => this.pending.delete(digest));
      this.pending.set(digest, verification);
    }
    return verification;
  }

  private async verifyUncached(presented: string, digest: string): Promise<Principal | undefined> {
    const parts = parseKey(presented);
    if (!parts) return undefined;
    const stored = await this.options.findKey(parts.id);
    const proof = stored ? `${stored.salt}:${stored.hash}` : '';
    const proven = stored !== undefined && this.cache.get(digest)?.proof === proof;
    if (!stored || !(proven || (await (this.options.secretMatches ?? secretMatches)(parts.secret, stored)))) {
      this.cache.delete(digest);
      return undefined;
    }
    const principal: Principal = {
      keyId: parts.id,
      name: stored.name,
      scopes: stored.scopes.filter((scope): scope is Scope => Scope.safeParse(scope).success),
    };
    this.remember(digest, principal, proof);
    return principal;
  }

  private remember(digest: string, principal: Principal, proof: string): void {
    this.cache.delete(digest);
    this.cache.set(digest, { principal, expiresAt: this.now() + this.ttlMs, proof });
    if (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
  }
}
