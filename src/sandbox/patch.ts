/**
 * PATCH as ConnectWise applies it (research §4.4): an array of `{op, path, value}` with op add, replace or
 * remove (any case), path with or without a leading slash, nested paths (`status/id`, `company/identifier`)
 * allowed. A nested path into a reference replaces the reference by that key, so `company/identifier`
 * re-points the record rather than editing the old company's identifier.
 */
import { cwError, invalidObject } from "./errors.js";
import { isObject, type JsonObject } from "./store.js";

export interface PatchOperation {
  op?: string;
  path?: string;
  value?: unknown;
}

export function applyPatch(record: JsonObject, ops: PatchOperation[], resource: string, referenceFields: ReadonlySet<string>): JsonObject {
  if (!Array.isArray(ops)) {
    throw cwError(400, "ConnectWiseApi", "A PATCH body is an array of operations: [{\"op\": \"replace\", \"path\": \"summary\", \"value\": \"…\"}].");
  }
  const out = structuredClone(record);
  ops.forEach((operation, index) => {
    const op = String(operation.op ?? "").toLowerCase();
    if (!["add", "replace", "remove"].includes(op)) {
      throw invalidObject(resource, [{ code: "InvalidField", message: `Operation ${index}: op must be add, replace or remove, not "${operation.op ?? ""}".`, resource, field: "op" }]);
    }
    const segments = String(operation.path ?? "").replace(/^\/+/, "").split("/").filter(Boolean);
    const [head, ...rest] = segments;
    if (!head || head === "id" || head === "_info") {
      throw invalidObject(resource, [{ code: "InvalidField", message: `Operation ${index}: "${operation.path ?? ""}" cannot be changed.`, resource, field: head ?? "path" }]);
    }
    if (op === "remove") {
      if (rest.length === 0) out[head] = null;
      else removeAt(out, segments);
      return;
    }
    if (rest.length === 1 && referenceFields.has(head)) {
      out[head] = { [rest[0]!]: operation.value };
      return;
    }
    setAt(out, segments, operation.value, op === "add");
  });
  return out;
}

function setAt(target: JsonObject, segments: string[], value: unknown, append: boolean): void {
  let node: JsonObject = target;
  segments.slice(0, -1).forEach((seg) => {
    if (!isObject(node[seg])) node[seg] = {};
    node = node[seg] as JsonObject;
  });
  const last = segments.at(-1)!;
  const current = node[last];
  if (append && Array.isArray(current) && !Array.isArray(value)) current.push(value);
  else node[last] = value;
}

function removeAt(target: JsonObject, segments: string[]): void {
  let node: unknown = target;
  for (const seg of segments.slice(0, -1)) node = isObject(node) ? node[seg] : undefined;
  if (isObject(node)) node[segments.at(-1)!] = null;
}
