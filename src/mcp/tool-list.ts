/**
 * The tools/list answer, kept small: every client puts it in the model's context on every conversation, so
 * each byte is paid for again and again (target: all tools under 20 KB; `npm run bench` measures it).
 *
 * The SDK would convert each tool's zod schemas to JSON Schema as they are; this answers the same list with
 * - input schemas without `$schema`, the ±2^53 bounds zod gives every integer, `propertyNames: {type: string}`,
 *   empty `additionalProperties`, string `maxLength` limits and `minLength: 1` (the server still enforces all of
 *   them, and its errors name the field and the limit);
 * - no output schemas. Each tool keeps its zod output schema and the SDK still checks every structuredContent
 *   against it before it leaves the server (a tool that broke its shape fails its tests); clients get the
 *   shape in the description and the data in structuredContent, and read the text, which is what the tools
 *   write for a model. Declared output schemas were 18 KB of the list, and some clients show a model the raw
 *   structuredContent instead of the text when one is declared;
 * - annotations without the values MCP assumes anyway (openWorldHint true, readOnlyHint and idempotentHint
 *   false; destructiveHint true only on read-only tools, where it means nothing) or a title equal to the tool's; `execution` only when a tool takes
 *   tasks (taskSupport other than forbidden).
 * Tool calls are untouched: arguments are still parsed with the full zod schema.
 */
import type { McpServer, RegisteredTool } from "@modelcontextprotocol/sdk/server/mcp.js";
import { toJsonSchemaCompat } from "@modelcontextprotocol/sdk/server/zod-json-schema-compat.js";
import { normalizeObjectSchema } from "@modelcontextprotocol/sdk/server/zod-compat.js";
import { ListToolsRequestSchema, type Tool } from "@modelcontextprotocol/sdk/types.js";

type Json = Record<string, unknown>;

const SAFE_INT = Number.MAX_SAFE_INTEGER;

/** Answer tools/list from the tools registered so far (and any registered later), compactly. */
export function serveCompactToolList(server: McpServer, tools: ReadonlyMap<string, RegisteredTool>): void {
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [...tools].filter(([, tool]) => tool.enabled).map(([name, tool]) => describeTool(name, tool)),
  }));
}

export function describeTool(name: string, tool: RegisteredTool): Tool {
  const input = tool.inputSchema ? normalizeObjectSchema(tool.inputSchema) : undefined;
  const annotations = compactAnnotations(tool.annotations, tool.title);
  return {
    name,
    ...(tool.title ? { title: tool.title } : {}),
    ...(tool.description ? { description: tool.description } : {}),
    inputSchema: (input ? compactInput(toJsonSchemaCompat(input, { strictUnions: true, pipeStrategy: "input" }) as Json) : { type: "object", properties: {} }) as Tool["inputSchema"],
    ...(annotations ? { annotations } : {}),
    ...(tool.execution?.taskSupport && tool.execution.taskSupport !== "forbidden" ? { execution: tool.execution } : {}),
    ...(tool._meta ? { _meta: tool._meta } : {}),
  };
}

const ANNOTATION_DEFAULTS: Record<string, unknown> = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true };

export function compactAnnotations(annotations: Tool["annotations"], title: string | undefined): Tool["annotations"] | undefined {
  if (!annotations) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(annotations)) {
    // A write tool keeps destructiveHint: true explicit, so a client's "this changes data" badge never depends on a default.
    const keepExplicit = key === "destructiveHint" && annotations.readOnlyHint !== true;
    if (key === "title" ? value === title : ANNOTATION_DEFAULTS[key] === value && !keepExplicit) continue;
    // destructiveHint and idempotentHint mean nothing on a read-only tool.
    if (annotations.readOnlyHint === true && (key === "destructiveHint" || key === "idempotentHint")) continue;
    out[key] = value;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** An input schema without the parts that only restate JSON or the server's own limits. */
export function compactInput(schema: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$schema" || key === "maxLength" || (key === "minLength" && value === 1)) continue;
    if ((key === "maximum" && value === SAFE_INT) || (key === "minimum" && value === -SAFE_INT)) continue;
    if (key === "propertyNames" && isTrivialStringSchema(value)) continue;
    if (key === "additionalProperties" && isEmptyObject(value)) continue;
    out[key] = compactValue(key, value, compactInput);
  }
  return out;
}

function compactValue(key: string, value: unknown, compact: (s: Json) => Json): unknown {
  if (key === "properties" && isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([name, prop]) => [name, isObject(prop) ? compact(prop) : prop]));
  }
  if (Array.isArray(value)) return value.map((v) => (isObject(v) ? compact(v) : v));
  if (isObject(value) && key !== "default" && key !== "const" && key !== "examples") return compact(value);
  return value;
}

function isTrivialStringSchema(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length === 1 && value.type === "string";
}

function isEmptyObject(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length === 0;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
