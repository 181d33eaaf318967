// How log lines look: JSON lines for machines (pino's own output), or one short readable line per record for
// a person at a terminal. The readable form keeps every field, so nothing is lost by choosing it.

/** Pino's level numbers and the names printed for them. */
const levelNames: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Fields every record has, or that the readable line already shows in its own place. */
const shownElsewhere = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'err']);

function clock(time: unknown): string {
  const date = new Date(typeof time === 'number' ? time : Date.now());
  return date.toISOString().slice(11, 19);
}

function value(field: unknown): string {
  if (typeof field === 'string') return /\s/.test(field) ? JSON.stringify(field) : field;
  return JSON.stringify(field) ?? String(field);
}

/** One pino JSON line as a readable line: `HH:MM:SS LEVEL message key=value …`, and an error's stack below it. */
export function readableLine(json: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const level = levelNames[Number(record.level)] ?? String(record.level);
  const fields = Object.entries(record)
    .filter(([key]) => !shownElsewhere.has(key))
    .map(([key, field]) => `${key}=${value(field)}`);
  const err = record.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n  ${(err.stack ?? err.message ?? '').split('\n').join('\n  ')}` : '';
  return `${clock(record.time)} ${level.padEnd(5)} ${String(record.msg ?? '')}${fields.length > 0 ? `  ${fields.join(' ')}` : ''}${stack}\n`;
}

/** A destination for pino that writes readable lines to `out` (a terminal). */
export function readableStream(out: NodeJS.WritableStream): { write(chunk: string): boolean } {
  return {
    write(chunk: string) {
      return out.write(readableLine(chunk.endsWith('\n') ? chunk.slice(0, -1) : chunk));
    },
  };
}
