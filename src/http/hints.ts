/**
 * ConnectWise's 400s, turned into what to change. "assignedTo/id is not a recognized name." becomes the
 * field names the endpoint does have (from the catalogue), nearest first.
 */
import type { Catalogue, EndpointRow } from "../catalogue/catalogue.js";
import { editDistance } from "../catalogue/path-match.js";
import { refName } from "../catalogue/schema-object.js";
import { CwApiError } from "./errors.js";

/** The fields a list endpoint's records have, with reference sub-fields (`company/name`). */
export function filterableFields(catalogue: Catalogue, endpoint: EndpointRow): string[] {
  const collection = endpoint.path.replace(/\/count$/i, "");
  const list = catalogue.endpoints().find((e) => e.method === "GET" && e.path === collection) ?? endpoint;
  const ok = catalogue.responses(list.id).find((r) => /^2/.test(r.status));
  const schema = ok?.schemaName ? catalogue.schema(ok.schemaName) : undefined;
  const out: string[] = [];
  for (const [name, prop] of Object.entries(schema?.properties ?? {})) {
    if (name === "_info") continue;
    if (prop.$ref) {
      const target = catalogue.schema(refName(prop.$ref));
      for (const sub of Object.keys(target?.properties ?? {})) if (sub !== "_info") out.push(`${name}/${sub}`);
    } else out.push(name);
  }
  if (schema?.properties?._info) out.push("lastUpdated", "dateEntered");
  return out;
}

/** A copy of `err` with a hint that names the valid fields, when ConnectWise did not recognise one. */
export function withConditionHint(err: CwApiError, catalogue: Catalogue, endpoint: EndpointRow | undefined): CwApiError {
  const m = /^(.+) is not a recognized name\.$/.exec(err.message);
  if (!m || !endpoint) return err;
  const wrong = m[1]!;
  const fields = filterableFields(catalogue, endpoint);
  if (fields.length === 0) return err;
  const near = [...fields].sort((a, b) => editDistance(a.toLowerCase(), wrong.toLowerCase()) - editDistance(b.toLowerCase(), wrong.toLowerCase())).slice(0, 5);
  const top = fields.filter((f) => !f.includes("/")).slice(0, 40);
  return new CwApiError({
    kind: err.kind,
    ...(err.status !== undefined ? { status: err.status } : {}),
    ...(err.code ? { code: err.code } : {}),
    message: err.message,
    fieldErrors: err.fieldErrors,
    ...(err.method ? { method: err.method } : {}),
    ...(err.path ? { path: err.path } : {}),
    ...(err.requestId ? { requestId: err.requestId } : {}),
    hint: `"${wrong}" is not a field of these records. Closest: ${near.join(", ")}. Fields: ${top.join(", ")}${fields.length > top.length ? ", … and reference sub-fields such as company/name" : ""}.`,
  });
}
