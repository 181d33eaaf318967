// What every seed check receives: the data that passed the schema, a way to report a problem at its entry, and
// which ids each file names (so a reference to an entry dropped for a schema error is not reported twice).
import { type SeedData, seedFiles } from '../schema.js';

export type FileKey = keyof typeof seedFiles;

/** Reports one problem: the file, the path of the entry (for its line), a label, what is wrong and the fix. */
export type Report = (fileKey: FileKey, itemPath: (string | number)[], entry: string, message: string, fix?: string) => void;

/**
 * Ids each file names, valid entries or not; `undefined` for a file that could not be read at all, whose
 * references are then not checked (every one would be reported as unknown).
 */
export type KnownIds = Record<'categories' | 'sources' | 'relationTypes' | 'concepts', Set<string> | undefined>;

export interface CheckInput {
  data: SeedData;
  report: Report;
  known: KnownIds;
}

/** How a problem names an entry: `concepts[3] (id: runc)`, `relations[12] (runc USES cgroups)`. */
export function entryLabel(fileKey: FileKey, index: number, item: unknown): string {
  const { key, label } = seedFiles[fileKey];
  const record = (item ?? {}) as Record<string, unknown>;
  if (label && typeof record[label] === 'string') return `${key}[${index}] (${label}: ${record[label] as string})`;
  if (fileKey === 'relations') return `${key}[${index}] (${String(record.subject)} ${String(record.type)} ${String(record.object)})`;
  return `${key}[${index}]`;
}
