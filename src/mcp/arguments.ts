// The MCP tools' argument vocabulary. A tool's arguments have the names of its REST route's parameters, with
// LLM-friendly spellings beside them that the tools accept too: `query` for search's `q`, `types` (an array)
// for the comma-separated `type`, and `known` as an array or REST's comma-separated text. Each tool's
// description states its mapping; a client may use either, and the handler turns both into the REST form.
// A value the tool's schema lets through is then checked as its REST route checks it, with the route's
// message, and an argument left out takes the route's default: a tool answers what its route answers.
import { z } from 'zod';
import { BadRequestError } from '../errors.js';
import { ConceptId, Provenance, RelationTypeKey } from '../graph/model.js';
import { typeListParam, typeListText } from '../routes/schemas.js';

/** The defaults of the REST routes' parameters (routes/search.ts, relations.ts, learning.ts), taken by a tool argument left out. */
export const restDefaults = {
  searchLimit: 10,
  relationsLimit: 20,
  maxHops: 4,
  pathsLimit: 3,
  quizCount: 5,
  /** Random bytes of a quiz seed chosen when none is given (base64url: 8 characters). */
  quizSeedBytes: 6,
} as const;

/**
 * `value` as the REST route reads its query parameter `name` with `schema`; a refusal is the route's 400
 * VALIDATION_FAILED, word for word (plugins/error-handler.ts words a refused query that way).
 */
export function restParameter<T extends z.ZodType>(schema: T, name: string, value: unknown): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({ in: 'querystring', path: [name, ...issue.path].join('.'), message: issue.message }));
  const [first] = errors;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw new BadRequestError('VALIDATION_FAILED', `querystring '${first?.path ?? name}' ${first?.message ?? 'is not valid'}${more}`, {
    errors,
  });
}

/** What GET /v1/search checks of `q` beyond the tools' `searchText`: its length once normalised. */
export const restSearchText = z
  .string()
  .refine((q) => [...q.normalize('NFKC')].length <= 200, 'must be at most 200 characters after Unicode normalisation (NFKC)');

/** GET /v1/learning-path's `known`: concept ids separated by commas, each once. */
export const restKnownList = z
  .string()
  .max(2000)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(,[a-z0-9]+(?:-[a-z0-9]+)*)*$/, 'must be concept ids separated by commas')
  .transform((value) => [...new Set(value.split(','))]);

/** The `type` parameter of /v1/relations and /v1/paths: keys upper-cased, in the order given. */
export const restTypeList = typeListParam;

export const typesInput = z
  .array(RelationTypeKey)
  .min(1)
  .max(20)
  .optional()
  .describe('Relation type keys such as IMPLEMENTS or USES (the catalogue is at GET /v1/relation-types); any of them matches');

export const typeInput = typeListText
  .optional()
  .describe('The same as types in REST form: keys separated by commas, e.g. "IMPLEMENTS,USES" (either or both may be given)');

/** `types` and `type` together as REST's `type`: every key named in either, once. */
export function restTypes(types: string[] | undefined, type: string | undefined): string | undefined {
  const keys = [...(types ?? []), ...(type?.split(',') ?? [])].map((key) => key.trim().toUpperCase()).filter((key) => key !== '');
  return keys.length === 0 ? undefined : [...new Set(keys)].join(',');
}

export const sourceInput = Provenance.optional().describe(
  'Keep to one source: notes (what the study notes support) or background (official documentation beyond the notes); leave out for both',
);

const searchText = z.string().trim().min(1).max(200);

/** search_concepts' arguments: the words under `query` or under REST's `q`, one of them. */
export const searchInput = z
  .object({
    query: searchText.optional().describe('Words to look for, 1–200 characters, Korean or English (REST: q)'),
    q: searchText.optional().describe('The same as query, under its REST name; give one of the two'),
    limit: z.number().int().min(1).max(50).optional().describe('Most concepts returned (1–50, default 10)'),
    source: sourceInput,
  })
  .refine((input) => input.query !== undefined || input.q !== undefined, {
    message: 'query (or q, its REST name) is required',
    path: ['query'],
  })
  .refine((input) => input.query === undefined || input.q === undefined || input.query === input.q, {
    message: 'query and q are the same argument under two names: give one',
    path: ['q'],
  });

export const knownInput = z
  .union([z.array(ConceptId).max(50), z.string().max(2000)])
  .optional()
  .describe('Concept ids the learner already understands: an array, or as in REST one string of ids separated by commas');

/** `known` in REST form (the route validates the ids). */
export function restIdList(ids: string[] | string | undefined): string | undefined {
  return Array.isArray(ids) ? ids.join(',') : ids;
}
