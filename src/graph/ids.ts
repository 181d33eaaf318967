// Identifiers derived from content: a relation's id is its triple, a source reference is "source#section".

export function relationId(subject: string, type: string, object: string): string {
  return `${subject}:${type}:${object}`;
}

/** The parts of a relation id (`subject:TYPE:object`); ids and type keys never contain ':'. */
export function parseRelationId(id: string): { subject: string; type: string; object: string } {
  const [subject = '', type = '', object = ''] = id.split(':');
  return { subject, type, object };
}

export function sourceRefKey(ref: { source: string; section?: string | undefined }): string {
  return ref.section ? `${ref.source}#${ref.section}` : ref.source;
}

export function parseSourceRefKey(key: string): { source: string; section: string | null } {
  const [source = key, section] = key.split('#');
  return { source, section: section ?? null };
}
