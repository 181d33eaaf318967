// Scopes nest (write includes read, admin includes both) and the admin command's scope lists are checked.
import { describe, expect, it } from 'vitest';
import { grants, parseScopes, ScopeListError } from '../../src/auth/scopes.js';

describe('scopes', () => {
  it('lets write include read and admin include both, never the other way round', () => {
    expect(grants(['read'], 'read')).toBe(true);
    expect(grants(['read'], 'write')).toBe(false);
    expect(grants(['write'], 'read')).toBe(true);
    expect(grants(['write'], 'admin')).toBe(false);
    expect(grants(['admin'], 'write')).toBe(true);
    expect(grants(['admin'], 'read')).toBe(true);
  });

  it('grants nothing for no scopes or for names it does not know', () => {
    expect(grants([], 'read')).toBe(false);
    expect(grants(['superuser', 'READ'], 'read')).toBe(false);
  });

  it('reads a comma-separated list, any case and spacing, without duplicates, in catalogue order', () => {
    expect(parseScopes('write, READ ,write')).toEqual(['read', 'write']);
    expect(parseScopes('admin')).toEqual(['admin']);
  });

  it('refuses an empty list or an unknown scope, naming the valid ones', () => {
    expect(() => parseScopes(' , ')).toThrow(ScopeListError);
    expect(() => parseScopes('read,delete')).toThrow(/read, write, admin/);
  });
});
