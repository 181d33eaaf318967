// Driver records become plain rows here, once, for every statement (graph/database.ts runs them); the
// readers at the end take a row's values apart with one rule each, so every mapper reads them alike.
import {
  type Record as DriverRecord,
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isLocalTime,
  isTime,
  type QueryResult,
} from 'neo4j-driver';

export type Row = Record<string, unknown>;

function isTemporal(value: object): value is { toString(): string } {
  return isDate(value) || isDateTime(value) || isLocalDateTime(value) || isLocalTime(value) || isTime(value) || isDuration(value);
}

/**
 * Converts driver values to JSON-friendly ones: Integer -> number (string past 2^53), temporal -> ISO string.
 * Scalars return at the first test: this runs on every value of every row, so the common case must be cheap.
 */
export function toPlain(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return Number(value);
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      return value;
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = toPlain(value[i]);
    return copy;
  }
  if (isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (Object.getPrototypeOf(value) !== Object.prototype && isTemporal(value)) return value.toString();
  const copy: Row = {};
  for (const key in value) copy[key] = toPlain((value as Row)[key]);
  return copy;
}

export function plainRecord(record: DriverRecord): Row {
  const row: Row = {};
  for (const key of record.keys) row[key as string] = toPlain(record.get(key));
  return row;
}

/** Rows as plain objects: the one mapping from driver records used by every statement. */
export function rowsOf(result: QueryResult): Row[] {
  return result.records.map(plainRecord);
}

// ---- Reading a row's values -----------------------------------------------------------------------

/** The properties of a map projection (`c { .id, .nameEn }`) in a row, before a mapper gives them types. */
export type Props = Record<string, unknown>;

/** A string property; anything else (missing, null) reads as ''. */
export const str = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A list property as strings; anything but a list (missing, null) reads as []. */
export const strings = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
