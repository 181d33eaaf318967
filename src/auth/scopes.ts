// What an API key may do. Scopes nest: `write` includes `read`, and `admin` includes both, so a key is given
// the one scope it needs at most and every check asks "does this key grant X?" rather than "does it list X?".
import { z } from 'zod';

export const Scope = z.enum(['read', 'write', 'admin']);
export type Scope = z.infer<typeof Scope>;

/** Each scope with every scope it includes (itself too). */
const includes: Record<Scope, readonly Scope[]> = {
  read: ['read'],
  write: ['write', 'read'],
  admin: ['admin', 'write', 'read'],
};

/** Whether keys with `held` scopes may do what `needed` allows. */
export function grants(held: readonly string[], needed: Scope): boolean {
  return held.some((scope) => (Scope.safeParse(scope).success ? includes[scope as Scope].includes(needed) : false));
}

export class ScopeListError extends Error {
  constructor(text: string) {
    super(`'${text}' is not a list of scopes: give one or more of ${Scope.options.join(', ')}, separated by commas (e.g. read,write)`);
    this.name = 'ScopeListError';
  }
}

/** `read,write` as the admin command takes it: at least one known scope, duplicates dropped, in catalogue order. */
export function parseScopes(text: string): Scope[] {
  const names = text
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part.length > 0);
  if (names.length === 0 || names.some((name) => !Scope.safeParse(name).success)) throw new ScopeListError(text);
  return Scope.options.filter((scope) => names.includes(scope));
}
