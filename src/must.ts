// One guard for "this lookup cannot miss": a miss is a bug, so it throws (a 500 with its cause logged), never a silent undefined.

/** Returns `value`, or throws naming `what` when it is null or undefined. */
export function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`internal: missing ${what}`);
  return value;
}
