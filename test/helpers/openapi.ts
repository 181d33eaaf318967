// The app's own OpenAPI document, and a checker that holds real replies to the response schemas it declares.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

interface MediaTypeObject {
  schema?: object;
  example?: unknown;
}

interface ResponseObject {
  content?: Record<string, MediaTypeObject>;
}

interface OperationObject {
  responses: Record<string, ResponseObject>;
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, object> };
}

/** What the checker needs of a reply; a light-my-request response has it. */
export interface RecordedReply {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

const httpMethods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

export async function fetchOpenApi(app: FastifyInstance): Promise<OpenApiDocument> {
  const reply = await app.inject({ method: 'GET', url: '/openapi.json' });
  if (reply.statusCode !== 200) throw new Error(`GET /openapi.json answered ${reply.statusCode}`);
  return reply.json<OpenApiDocument>();
}

/** "GET /v1/concepts/{id}": how operations are named here. */
export type OperationKey = `${Uppercase<string>} /${string}`;

export class ResponseContract {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv = new Ajv2020({ allErrors: true, strict: true });
    ajvFormats.default(this.ajv);
    // OpenAPI's own schema keywords: annotations as far as validation goes.
    this.ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
    // The document's schemas point at `#/components/schemas/<name>`; registering each under exactly that
    // key lets Ajv resolve those references without rewriting them.
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      this.ajv.addSchema(schema, `#/components/schemas/${name}`);
    }
  }

  /** Every operation the document describes, e.g. "GET /v1/concepts/{id}". */
  operations(): OperationKey[] {
    return Object.entries(this.document.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => httpMethods.has(method))
        .map((method) => `${method.toUpperCase()} ${path}` as OperationKey),
    );
  }

  /** The statuses the document declares for an operation. */
  declaredStatuses(operation: OperationKey): string[] {
    return Object.keys(this.operation(operation).responses);
  }

  /**
   * What is wrong with a reply to `operation` by the document: an undeclared status or media type, or a body
   * that does not match the declared schema. Empty when the reply conforms.
   */
  violations(operation: OperationKey, reply: RecordedReply): string[] {
    const responses = this.operation(operation).responses;
    const status = String(reply.statusCode);
    const declared = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    if (!declared) return [`status ${status} is not declared (declared: ${Object.keys(responses).join(', ')})`];

    const content = declared.content ?? {};
    const contentType = typeof reply.headers['content-type'] === 'string' ? reply.headers['content-type'] : '';
    const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
    if (Object.keys(content).length === 0) {
      return reply.body === '' ? [] : [`status ${status} declares no body but the reply has one (${mediaType || 'no content-type'})`];
    }
    const media = content[mediaType];
    if (!media) return [`media type '${mediaType}' is not declared for ${status} (declared: ${Object.keys(content).join(', ')})`];
    if (!media.schema) return [];

    let body: unknown = reply.body;
    if (/^application\/(.+\+)?json$/.test(mediaType)) {
      try {
        body = JSON.parse(reply.body);
      } catch {
        return [`the ${mediaType} body is not JSON: ${reply.body.slice(0, 80)}`];
      }
    }
    const validate = this.validator(`${operation} ${status} ${mediaType}`, media.schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) => `${error.instancePath || '(root)'} ${error.message ?? 'is not valid'} (${error.schemaPath})`,
    );
  }

  private operation(key: OperationKey): OperationObject {
    const [method, path] = key.split(' ') as [string, string];
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`the document has no operation ${key}`);
    return operation;
  }

  private validator(key: string, schema: object): ValidateFunction {
    let validate = this.validators.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.validators.set(key, validate);
    }
    return validate;
  }
}
