/**
 * Validates request bodies (and the stand-in's own answers) against the subset of Discord's OpenAPI spec that extract-schemas.ts
 * copied into openapi-subset.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

/** The operationIds present in openapi-subset.json. */
export type OperationId =
  | 'create_interaction_response'
  | 'execute_webhook'
  | 'update_original_webhook_message'
  | 'update_webhook_message'
  | 'create_message'
  | 'create_thread_from_message'
  | 'create_thread'
  | 'bulk_set_application_commands'
  | 'bulk_set_guild_application_commands';

export interface SchemaViolation {
  /** JSON pointer into the body, '' for the body itself. */
  instancePath: string;
  message: string;
}

interface Subset {
  operations: Record<OperationId, { requestBody: { anyOf?: unknown[] } }>;
}

interface OperationValidator {
  whole: ValidateFunction;
  /** One validator per alternative when the body is a union (interaction callbacks, webhook executes, threads). */
  branches: ValidateFunction[];
}

/** The key the subset is registered under; its internal `#/components/schemas/...` refs resolve against it. */
const SUBSET_KEY = 'discord-openapi-subset';

/** Beside this file's source, whether it runs through tsx or compiled into dist/. */
const SUBSET_FILE = join(PACKAGE_ROOT, 'testing', 'discord', 'openapi-subset.json');

let compiled: Map<OperationId, OperationValidator> | undefined;
let componentValidator: ((name: string) => ValidateFunction) | undefined;

/** Schemas of what the stand-in answers, copied by extract-schemas.ts (RESPONSE_SCHEMAS). */
type ResponseSchema = 'GuildRoleResponse';

/**
 * Compiles every operation once per process. It takes a few hundred milliseconds, which is why the
 * stand-in does it before it starts answering rather than inside a test's first request.
 */
export function compileSchemas(): Map<OperationId, OperationValidator> {
  if (compiled) return compiled;
  const subset = JSON.parse(readFileSync(SUBSET_FILE, 'utf8')) as Subset;
  // allErrors so that one call reports every problem at once, not just the first one ajv meets.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // The spec annotates with OpenAPI formats ajv does not know; without definitions ajv warns on every compile.
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: (n) => Number.isFinite(n) });
  ajv.addFormat('date-time', (s) => !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uri', (s) => URL.canParse(s));
  // Snowflakes carry their own `pattern`, and Discord accepts any nonce string up to the spec's maxLength.
  ajv.addFormat('snowflake', true);
  ajv.addFormat('nonce', true);
  ajv.addSchema(withDocumentedLimits(subset), SUBSET_KEY);

  const validator = (pointer: string): ValidateFunction => {
    const validate = ajv.getSchema(`${SUBSET_KEY}#${pointer}`);
    if (!validate)
      throw new Error(`openapi-subset.json has nothing at ${pointer}; rerun extract-schemas.ts`);
    return validate;
  };
  componentValidator = (name) => validator(`/components/schemas/${name}`);
  compiled = new Map();
  for (const [id, operation] of Object.entries(subset.operations) as [
    OperationId,
    Subset['operations'][OperationId],
  ][]) {
    const pointer = `/operations/${id}/requestBody`;
    const branches = (operation.requestBody.anyOf ?? []).map((_, index) =>
      validator(`${pointer}/anyOf/${index}`),
    );
    compiled.set(id, { whole: validator(pointer), branches });
  }
  return compiled;
}

/**
 * Where Discord's documentation and API are stricter than its OpenAPI spec. A string choice's
 * value may run to 6000 characters in the spec; the documentation (Application Command Option
 * Choice Structure) says 100, and Discord refuses the whole autocomplete answer past it.
 */
function withDocumentedLimits(subset: Subset): Subset {
  const choice = (
    subset as unknown as {
      components: { schemas: Record<string, { properties: Record<string, object> }> };
    }
  ).components.schemas['ApplicationCommandOptionStringChoice'];
  if (!choice) throw new Error('openapi-subset.json has no ApplicationCommandOptionStringChoice');
  choice.properties['value'] = { ...choice.properties['value'], maxLength: 100 };
  return subset;
}

/**
 * A failed union makes ajv report every alternative's complaints. "must be null" from the null side of
 * a nullable union and the summary "must match a schema in anyOf" say nothing the other errors do not.
 */
function isUnionNoise(error: ErrorObject): boolean {
  return (
    error.keyword === 'anyOf' ||
    error.keyword === 'oneOf' ||
    (error.keyword === 'type' && error.params.type === 'null')
  );
}

function violationsOf(errors: ErrorObject[]): SchemaViolation[] {
  const specific = errors.filter((error) => !isUnionNoise(error));
  const unique = new Map<string, SchemaViolation>();
  for (const error of specific.length > 0 ? specific : errors) {
    const violation = { instancePath: error.instancePath, message: error.message ?? error.keyword };
    unique.set(`${violation.instancePath} ${violation.message}`, violation);
  }
  return [...unique.values()];
}

/** The alternative the sender meant is the one whose `type` matched, and among those the one with fewest complaints. */
function rank(violations: SchemaViolation[]): number {
  const typeMismatch = violations.some((violation) => violation.instancePath === '/type')
    ? 1_000
    : 0;
  return typeMismatch + violations.length;
}

/**
 * Lists what in `body` breaks Discord's schema for the operation, e.g. `/data/content` "must NOT have
 * more than 2000 characters". For a union body it reports against the best-matching alternative.
 */
export function validateRequestBody(operationId: OperationId, body: unknown): SchemaViolation[] {
  const operation = compileSchemas().get(operationId);
  if (!operation)
    throw new Error(
      `openapi-subset.json has no operation ${operationId}; rerun extract-schemas.ts`,
    );
  if (operation.whole(body)) return [];
  if (operation.branches.length === 0) return violationsOf(operation.whole.errors ?? []);
  const candidates = operation.branches.map((branch) => {
    branch(body);
    return violationsOf(branch.errors ?? []);
  });
  return candidates.reduce((best, candidate) => (rank(candidate) < rank(best) ? candidate : best));
}

/** Lists what in `value` breaks one of Discord's response schemas: the stand-in answers as Discord would. */
export function validateResponse(schema: ResponseSchema, value: unknown): SchemaViolation[] {
  compileSchemas();
  const validate = componentValidator!(schema);
  return validate(value) ? [] : violationsOf(validate.errors ?? []);
}
