// Identifiers derived from content: a relation's id is its triple, a source reference is "source#section".

export function relationId(subject: string, type: string, object: string): string {
  return `${subject}:${type}:${object}`;
}

export function sourceRefKey(ref: { source: string; section?: string | undefined }): string {
  return ref.section ? `${ref.source}#${ref.section}` : ref.source;
}

export function parseSourceRefKey(key: string): { source: string; section: string | null } {
  const [source = key, section] = key.split('#');
  return { source, section: section ?? null };
}
