// How a concept entry of concepts.yaml maps onto the properties of its node, driven by the concept schema so a
// field added there is stored and read back without a change here. The rule, which the existing properties
// already follow: a field holding an object (name, summary, aliases) becomes one property per key of that
// object, named field + Key (nameEn, aliasesKo); any other field is stored under its own name (id, category,
// tags, reading). Citations are the one exception: one `source#section` string each (graph/ids.ts).
import { z } from 'zod';
import { parseSourceRefKey, sourceRefKey } from '../graph/ids.js';
import { type ConceptDef, ConceptsFile } from './schema.js';

type Props = Record<string, unknown>;

/** The schema without the wrappers that only say whether a value may be missing. */
function unwrapped(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

interface ConceptField {
  key: string;
  optional: boolean;
  /** For a field holding an object: its keys, each stored as its own property. */
  parts: string[] | undefined;
}

const conceptSchema = ConceptsFile.shape.concepts.element;

/** The concept's fields in the schema's order. */
export const conceptFields: readonly ConceptField[] = Object.entries(conceptSchema.shape).map(([key, schema]) => {
  const inner = unwrapped(schema as z.ZodType);
  return {
    key,
    optional: (schema as z.ZodType).safeParse(undefined).success,
    parts: inner instanceof z.ZodObject ? Object.keys(inner.shape) : undefined,
  };
});

const citationsKey = 'sources';
const capitalised = (key: string) => `${key.charAt(0).toUpperCase()}${key.slice(1)}`;

/**
 * The stored properties of a concept's own fields (derived ones such as search keys are added by rows.ts).
 * A field the concept leaves out is stored as null, so writing the properties removes a value it had before.
 */
export function conceptFieldProperties(concept: ConceptDef): Props {
  const props: Props = {};
  const fields = concept as unknown as Props;
  for (const field of conceptFields) {
    const value = fields[field.key];
    if (field.key === citationsKey) props[field.key] = concept.sources.map(sourceRefKey);
    else if (field.parts) {
      for (const part of field.parts) props[field.key + capitalised(part)] = (value as Props | undefined)?.[part] ?? null;
    } else props[field.key] = value ?? null;
  }
  return props;
}

const present = (value: unknown) => value !== null && value !== undefined;

/** The concept entry, in the schema's field order, that a node's properties hold (the inverse of the above). */
export function conceptFromProperties(props: Props): ConceptDef {
  const concept: Props = {};
  for (const field of conceptFields) {
    if (field.key === citationsKey) {
      const keys = Array.isArray(props[field.key]) ? (props[field.key] as unknown[]) : [];
      concept[field.key] = keys.map((key) => {
        const { source, section } = parseSourceRefKey(String(key));
        return section === null ? { source } : { source, section };
      });
    } else if (field.parts) {
      const parts = field.parts.filter((part) => present(props[field.key + capitalised(part)]));
      if (parts.length === 0 && field.optional) continue;
      concept[field.key] = Object.fromEntries(parts.map((part) => [part, props[field.key + capitalised(part)]]));
    } else if (present(props[field.key]) || !field.optional) concept[field.key] = props[field.key] ?? null;
  }
  return concept as unknown as ConceptDef;
}
