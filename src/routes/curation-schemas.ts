// The bodies of JSON Merge Patch writes, derived from the seed's entry schemas so a field added to
// concepts.yaml can be patched without a change here: every field is optional, an optional one may be
// `null` (removes it), and an object field (name, summary, aliases) may name only the keys it changes.
// The merged result is checked against the full entry schema and the seed's rules (graph/curation/).
import { z } from 'zod';
import { ConceptsFile, RelationsFile } from '../seed/schema.js';

function patchOf(shape: Record<string, z.ZodType>, fixed: string[]) {
  const fields: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(shape)) {
    if (fixed.includes(key)) continue;
    const optional = schema.safeParse(undefined).success;
    const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
    const value = inner instanceof z.ZodObject ? inner.partial() : inner;
    fields[key] = (optional ? value.nullable() : value).optional();
  }
  return z.strictObject(fields);
}

export const conceptPatchSchema = patchOf(ConceptsFile.shape.concepts.element.shape, ['id']).describe(
  'The concept fields to change (JSON Merge Patch); the id cannot change',
);

export const relationPatchSchema = patchOf(RelationsFile.shape.relations.element.shape, ['subject', 'type', 'object']).describe(
  'The relation fields to change (JSON Merge Patch): confidence and sources',
);

export const exampleConceptEntry = {
  id: 'docker-init',
  name: { en: 'docker init', ko: 'docker init' },
  aliases: { en: [], ko: [] },
  reading: '도커 이닛',
  category: 'tool',
  tags: [],
  summary: {
    en: 'A Docker CLI command that writes starter Docker files for a project.',
    ko: '프로젝트에 맞는 기본 Docker 파일을 만들어 주는 Docker CLI 명령.',
  },
  sources: [{ source: 'background', section: 'docker-overview' }],
};

export const exampleRelationEntry = {
  subject: 'docker-init',
  type: 'CREATES',
  object: 'dockerfile',
  confidence: 0.6,
  sources: exampleConceptEntry.sources,
};

/**
 * A concept in seed form (an entry of graph-seed/concepts.yaml): what POST takes, what a merge patch applies
 * to, and what a write answers with. GET /v1/concepts/{id} renders the same concept for reading.
 */
export const ConceptEntry = ConceptsFile.shape.concepts.element.meta({
  id: 'ConceptEntry',
  description: 'A concept in seed form: an entry of graph-seed/concepts.yaml',
  examples: [exampleConceptEntry],
});

/** A relation in seed form (an entry of graph-seed/relations.yaml); its id is subject:TYPE:object. */
export const RelationEntry = RelationsFile.shape.relations.element.meta({
  id: 'RelationEntry',
  description: 'A relation in seed form: an entry of graph-seed/relations.yaml (its id is subject:TYPE:object)',
  examples: [exampleRelationEntry],
});

/** A relation's id in a path: `subject:TYPE:object`. */
export const RelationIdParam = z
  .string()
  .max(200)
  .regex(/^[a-z0-9-]+:[A-Z][A-Z0-9_]*:[a-z0-9-]+$/, 'must be a relation id: subject:TYPE:object')
  .describe('Relation id, subject:TYPE:object')
  .meta({ examples: ['containerd:IMPLEMENTS:cri'] });
