// The two MCP tools that change the graph, offered only to a client that presented a key with the write scope
// (docs/curating.md). `propose_change` runs the write through every check and rolls it back, showing what it
// would change; `apply_change` makes it, with the ETag the proposal returned as its precondition. Both go
// through the functions the REST writes call (graph/curation/write.ts), so the seed's rules apply alike.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ProblemError } from '../errors.js';
import {
  createConcept,
  createRelation,
  deleteConcept,
  deleteRelation,
  type Precondition,
  updateConcept,
  updateRelation,
  type WriteContext,
  type WriteResult,
} from '../graph/curation/write.js';
import { elementEtag } from '../http/etag.js';
import type { GraphAccess } from './graph-access.js';
import { toolResult } from './tools.js';

/** What the MCP server needs to write: the write context of the key that authenticated the request. */
export interface McpWriter {
  context(): Promise<WriteContext>;
  /** Called after a committed write, so this process serves the new version at once. */
  written(change: { before: unknown; after: unknown }): void;
}

const actions = ['create_concept', 'update_concept', 'delete_concept', 'create_relation', 'update_relation', 'delete_relation'] as const;

const changeInput = {
  action: z.enum(actions).describe('What to change'),
  id: z.string().max(200).optional().describe('The concept id or relation id (subject:TYPE:object) to update or delete'),
  element: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('For create: the whole entry as in graph-seed/concepts.yaml or relations.yaml (REST: the POST body)'),
  patch: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('For update: a JSON Merge Patch of the fields to change (REST: the PATCH body)'),
};

type ChangeArgs = {
  action: (typeof actions)[number];
  id?: string | undefined;
  element?: Record<string, unknown> | undefined;
  patch?: Record<string, unknown> | undefined;
};

function pathOf(args: ChangeArgs): string {
  const kind = args.action.endsWith('concept') ? 'concepts' : 'relations';
  const element = args.element ?? {};
  const id = args.action.startsWith('create')
    ? kind === 'concepts'
      ? String(element.id)
      : `${String(element.subject)}:${String(element.type)}:${String(element.object)}`
    : required(args.id, 'id');
  return `/v1/${kind}/${id}`;
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new ProblemError('VALIDATION_FAILED', `${name} is required for this action`);
  return value;
}

function run(ctx: WriteContext, args: ChangeArgs, precondition: Precondition): Promise<WriteResult<unknown>> {
  const id = () => required(args.id, 'id');
  switch (args.action) {
    case 'create_concept':
      return createConcept(ctx, required(args.element, 'element'));
    case 'update_concept':
      return updateConcept(ctx, id(), required(args.patch, 'patch'), precondition);
    case 'delete_concept':
      return deleteConcept(ctx, id(), precondition);
    case 'create_relation':
      return createRelation(ctx, required(args.element, 'element'));
    case 'update_relation':
      return updateRelation(ctx, id(), required(args.patch, 'patch'), precondition);
    case 'delete_relation':
      return deleteRelation(ctx, id(), precondition);
  }
}

export function registerWriteTools(server: McpServer, access: GraphAccess, writer: McpWriter): void {
  server.registerTool(
    'propose_change',
    {
      title: 'Propose a change to the graph',
      description:
        'Checks a change by every rule the graph holds to (the seed’s: bilingual names, citations, categories, no REQUIRES cycle…) and shows what it would change, ' +
        'without changing anything. Returns before, after and the etag to pass to apply_change. A rule it breaks is an error naming the field.',
      inputSchema: changeInput,
      annotations: { title: 'Propose a change', readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      toolResult(access, () =>
        access.call(async () => {
          const path = pathOf(args);
          const result = await run({ ...(await writer.context()), dryRun: true }, args, {
            ifMatch: '*',
            etagAt: (v) => elementEtag(v, path),
          });
          return {
            action: args.action,
            path,
            before: result.before,
            after: result.element,
            etag: elementEtag(result.previousVersion, path),
          };
        }),
      ),
  );

  server.registerTool(
    'apply_change',
    {
      title: 'Apply a change to the graph',
      description:
        'Makes a change proposed with propose_change (same arguments) and records it as a revision under your key’s name. ' +
        'For update and delete pass if_match, the etag the proposal returned: if the graph changed since, the change is refused (PRECONDITION_FAILED) and you propose again.',
      inputSchema: {
        ...changeInput,
        if_match: z.string().max(200).optional().describe('The etag from propose_change; required for update and delete'),
      },
      annotations: { title: 'Apply a change', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    ({ if_match, ...args }) =>
      toolResult(access, () =>
        access.call(async () => {
          const path = pathOf(args);
          if (!args.action.startsWith('create') && !if_match) {
            throw new ProblemError('PRECONDITION_REQUIRED', 'Pass if_match: the etag propose_change returned for this element.');
          }
          const ifMatch = if_match ?? '*';
          const result = await run(await writer.context(), args, { ifMatch, etagAt: (v) => elementEtag(v, path) });
          writer.written({ before: result.before, after: result.element });
          return { action: args.action, path, revision: result.seq, after: result.element, etag: elementEtag(result.version, path) };
        }),
      ),
  );
}
