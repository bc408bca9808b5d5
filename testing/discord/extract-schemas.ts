/**
 * Copies from Discord's OpenAPI spec the request-body schemas of the routes the bot calls and the
 * schemas of the stand-in's answers the bot reads, plus every component schema they reference, into openapi-subset.json next to this file. Tests read
 * only that subset: the full spec lives outside the project and must not be read at run time.
 *
 * Usage: npx tsx testing/discord/extract-schemas.ts [path/to/openapi.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface OpenApiDocument {
  info: { title: string; version: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Json> };
}

interface OpenApiOperation {
  operationId: string;
  requestBody?: { content: Record<string, { schema: Json }> };
}

/** The routes whose bodies the stand-in validates, as [method, OpenAPI path template]. */
const OPERATIONS: ReadonlyArray<readonly [string, string]> = [
  ['post', '/interactions/{interaction_id}/{interaction_token}/callback'],
  ['post', '/webhooks/{webhook_id}/{webhook_token}'],
  ['patch', '/webhooks/{webhook_id}/{webhook_token}/messages/@original'],
  ['patch', '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}'],
  ['post', '/channels/{channel_id}/messages'],
  ['post', '/channels/{channel_id}/messages/{message_id}/threads'],
  ['post', '/channels/{channel_id}/threads'],
  ['put', '/applications/{application_id}/commands'],
  ['put', '/applications/{application_id}/guilds/{guild_id}/commands'],
];

/** Schemas of what the stand-in answers (not sent by the bot), so its tests can check their shape. */
const RESPONSE_SCHEMAS: readonly string[] = ['GuildRoleResponse'];

const COMPONENT_REF = '#/components/schemas/';

/** Keywords that only annotate: dropping them keeps the subset small without changing what validates. */
const ANNOTATIONS = new Set(['title', 'description', 'example', 'examples']);

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `properties` maps property names (one of which may well be "title") to schemas, so its keys are kept. */
function stripAnnotations(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(stripAnnotations);
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, stripAnnotations(sub)]),
      );
    } else {
      out[key] = stripAnnotations(value);
    }
  }
  return out;
}

function collectRefs(schema: Json, found: Set<string>): void {
  if (Array.isArray(schema)) {
    for (const item of schema) collectRefs(item, found);
    return;
  }
  if (!isObject(schema)) return;
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string') {
      if (!value.startsWith(COMPONENT_REF)) throw new Error(`unsupported $ref ${value}`);
      found.add(value.slice(COMPONENT_REF.length));
    } else {
      collectRefs(value, found);
    }
  }
}

/** Compact JSON is half the size of indented JSON; one entry per line still keeps diffs per schema readable. */
function oneEntryPerLine(record: JsonObject, indent: string): string {
  const lines = Object.entries(record).map(
    ([key, value]) => `${indent}${JSON.stringify(key)}: ${JSON.stringify(value)}`,
  );
  return `{\n${lines.join(',\n')}\n${indent.slice(1)}}`;
}

function main(): void {
  const specPath = process.argv[2] ?? '/work/shared/discord/openapi.json';
  const spec = JSON.parse(readFileSync(specPath, 'utf8')) as OpenApiDocument;

  const operations: JsonObject = {};
  const pending = new Set<string>();
  for (const [method, path] of OPERATIONS) {
    const operation = spec.paths[path]?.[method];
    // Multipart bodies carry the same JSON in payload_json, so the JSON schema covers both encodings.
    const schema = operation?.requestBody?.content['application/json']?.schema;
    if (!operation || schema === undefined)
      throw new Error(`no JSON request body for ${method.toUpperCase()} ${path}`);
    operations[operation.operationId] = {
      method: method.toUpperCase(),
      path,
      requestBody: stripAnnotations(schema),
    };
    collectRefs(schema, pending);
  }

  for (const name of RESPONSE_SCHEMAS) pending.add(name);
  const schemas: JsonObject = {};
  for (const name of pending) {
    const schema = spec.components.schemas[name];
    if (schema === undefined) throw new Error(`dangling $ref to ${name}`);
    schemas[name] = stripAnnotations(schema);
    // Iterating a Set visits members added during iteration, which makes this the transitive closure.
    collectRefs(schema, pending);
  }

  const comment = `Generated by extract-schemas.ts from ${spec.info.title} ${spec.info.version} (discord/discord-api-spec, MIT). Do not edit by hand.`;
  const sortedSchemas = Object.fromEntries(
    Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)),
  );
  const text = [
    '{',
    ` "$comment": ${JSON.stringify(comment)},`,
    ` "operations": ${oneEntryPerLine(operations, '  ')},`,
    ` "components": { "schemas": ${oneEntryPerLine(sortedSchemas, '  ')} }`,
    '}',
    '',
  ].join('\n');
  const outPath = fileURLToPath(new URL('./openapi-subset.json', import.meta.url));
  writeFileSync(outPath, text);
  console.log(
    `wrote ${Object.keys(operations).length} operations and ${pending.size} component schemas to ${outPath}`,
  );
}

main();
