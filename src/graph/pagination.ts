// Opaque keyset cursors. A cursor holds the last key of a page and a fingerprint of the query it belongs
// to, with a MAC so that a hand-made, truncated or cross-query cursor is refused (400), never trusted.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BadRequestError } from '../errors.js';

const version = 1;
// The MAC detects corrupted or hand-edited cursors; it protects no secret, so a fixed key is enough.
const macKey = 'concept-graph/cursor/v1';

function mac(text: string): Buffer {
  return createHmac('sha256', macKey).update(text).digest().subarray(0, 12);
}

function invalid(reason: string): BadRequestError {
  return new BadRequestError('INVALID_CURSOR', `The cursor is not valid for this request (${reason}). Start again without a cursor.`);
}

/** `scope` names the query and its filters, so a cursor only continues the listing it came from. */
export function encodeCursor(scope: string, after: string): string {
  const body = Buffer.from(JSON.stringify({ v: version, s: scope, a: after })).toString('base64url');
  return `${body}.${mac(body).toString('base64url')}`;
}

export function decodeCursor(cursor: string, scope: string): string {
  const [body, signature, ...rest] = cursor.split('.');
  if (!body || !signature || rest.length > 0) throw invalid('malformed');
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('it was altered or not issued by this service');
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
