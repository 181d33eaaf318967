// Opaque keyset cursors. A cursor holds the last key of a page and a fingerprint of the query it belongs
// to, with a MAC so that a hand-made, truncated or cross-query cursor is refused (400), never trusted.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { BadRequestError } from '../errors.js';

const version = 1;

export interface CursorKeys {
  /** Signs new cursors and verifies them. */
  current: string;
  /** Still verifies cursors issued before a rotation (CURSOR_SECRET_PREVIOUS). */
  previous?: string;
}

/** Until configured (plugins/cursor-keys.ts), a key only this process knows: cursors cannot be forged, but die with it. */
export const processCursorKey = randomBytes(32).toString('base64url');

// One process serves one configuration, so the keys are module state rather than a parameter threaded
// through every listing function in graph/.
let keys: CursorKeys = { current: processCursorKey };

export function configureCursorKeys(next: CursorKeys): void {
  keys = next;
}

function mac(text: string, key: string): Buffer {
  return createHmac('sha256', key).update(text).digest().subarray(0, 12);
}

function signedBy(body: string, given: Buffer, key: string | undefined): boolean {
  if (key === undefined) return false;
  const expected = mac(body, key);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function invalid(reason: string): BadRequestError {
  return new BadRequestError('INVALID_CURSOR', `The cursor is not valid for this request (${reason}). Start again without a cursor.`);
}

/** `scope` names the query and its filters, so a cursor only continues the listing it came from. */
export function encodeCursor(scope: string, after: string): string {
  const body = Buffer.from(JSON.stringify({ v: version, s: scope, a: after })).toString('base64url');
  return `${body}.${mac(body, keys.current).toString('base64url')}`;
}

export function decodeCursor(cursor: string, scope: string): string {
  const [body, signature, ...rest] = cursor.split('.');
  if (!body || !signature || rest.length > 0) throw invalid('malformed');
  const given = Buffer.from(signature, 'base64url');
  if (!signedBy(body, given, keys.current) && !signedBy(body, given, keys.previous)) {
    throw invalid('it was altered or not issued by this service');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid('malformed');
  }
  const { v, s, a } = (payload ?? {}) as { v?: unknown; s?: unknown; a?: unknown };
  if (v !== version) throw invalid('issued by another version');
  if (s !== scope) throw invalid('it belongs to a different query or filter');
  if (typeof a !== 'string') throw invalid('malformed');
  return a;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Given limit+1 rows, returns the page and the cursor after its last item. */
export function toPage<T>(rows: T[], limit: number, scope: string, keyOf: (item: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(scope, keyOf(last)) : null };
}
