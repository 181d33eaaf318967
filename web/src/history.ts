// A concept's revisions told in words (pure: no DOM): which top-level fields a change touched, and one phrase per
// revision in the page's language.
import type { components, paths } from './api-types.js';
import { type Lang, t } from './i18n.js';

export type Revision = components['schemas']['Revision'];
export type HistoryPage = paths['/v1/concepts/{id}/history']['get']['responses'][200]['content']['application/json'];

/** Deep equality of JSON values; object keys may come in any order, array order matters. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameJson(item, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (!sameJson(left[key], right[key])) return false;
  return true;
}

/**
 * The top-level fields whose values differ between `before` and `after`, in the order the entry lists them (a
 * field only one side has counts: an optional field such as `article` added or removed). A missing side has none.
 */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  if (!before || !after) return [];
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys.filter((key) => !sameJson(before[key], after[key]));
}

/** What a revision did, as the page says it: "Created", "Changed summary, tags", "Deleted". */
export function revisionPhrase(lang: Lang, revision: Pick<Revision, 'op' | 'before' | 'after'>): string {
  switch (revision.op) {
    case 'create':
      return t(lang, 'historyCreated');
    case 'delete':
      return t(lang, 'historyDeleted');
    case 'update': {
      const fields = changedFields(revision.before, revision.after);
      // A write that rewrote a field with its own value is still a revision; say so rather than list nothing.
      return fields.length > 0 ? t(lang, 'historyChanged', { fields: fields.join(', ') }) : t(lang, 'historyChangedNothing');
    }
  }
}

/** When a revision happened, in the reader's time zone and the page's language; the ISO text if it does not parse. */
export function revisionTime(lang: Lang, at: string, timeZone?: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en', {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(date);
}
