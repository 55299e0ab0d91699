/**
 * From what a caller typed to one endpoint of the spec: `{method: "GET", path: "/service/tickets/{id}",
 * params: {id: 5, fields: "id,summary"}}` or `{path: "/service/tickets/5"}` → the endpoint, the concrete
 * path, and the remaining params as the query. Unknown paths and methods come back with the nearest
 * endpoints, so the next call can be right.
 */
import type { Catalogue, EndpointRow, HttpMethod } from "../catalogue/catalogue.js";
import { closestTemplates, matchTemplates } from "../catalogue/path-match.js";
import { CwApiError } from "../http/errors.js";
import { urlTextProblem } from "../http/well-formed.js";
import { safeApiPath } from "../http/safe-path.js";

export interface ResolvedCall {
  endpoint: EndpointRow;
  /** Concrete API-relative path: /service/tickets/5 */
  path: string;
  pathParams: Record<string, string>;
  query: Record<string, unknown>;
}

export function resolveCall(catalogue: Catalogue, method: HttpMethod, rawPath: string, params: Record<string, unknown> = {}): ResolvedCall {
  const path = safeApiPath(rawPath);
  const matches = matchTemplates(catalogue.endpoints(), path);
  if (matches.length === 0) {
    const near = closestTemplates(catalogue.endpoints(), path, 5).map((e) => e.path);
    throw new CwApiError({
      kind: "refused",
      message: `No ConnectWise endpoint has the path ${path}.`,
      hint: `Closest paths: ${near.join(", ")}. cw_search_endpoints finds endpoints by what they do; cw_raw_request calls a path the spec does not list.`,
    });
  }
  const endpoint = matches.find((e) => e.method === method);
  if (!endpoint) {
    const allowed = [...new Set(matches.map((e) => e.method))];
    throw new CwApiError({ kind: "refused", message: `${matches[0]!.path} has no ${method}.`, hint: `It supports ${allowed.join(", ")}.` });
  }

  const query: Record<string, unknown> = { ...params };
  const pathParams: Record<string, string> = {};
  const given = path.split("/").filter(Boolean);
  const template = endpoint.path.split("/").filter(Boolean);
  const concrete = template.map((segment, i) => {
    if (!segment.startsWith("{")) return segment;
    const name = segment.replace(/^\{/, "").replace(/[:}].*$/, "");
    const typed = given[i]!;
    // A value written into the path is taken as written (decoded once: safeApiPath checked its encoding), then encoded once below.
    let value: unknown = typed.startsWith("{") ? undefined : decodeURIComponent(typed);
    const byName = Object.keys(query).find((k) => k.toLowerCase() === name.toLowerCase());
    if (byName !== undefined) {
      if (value === undefined) value = query[byName];
      delete query[byName];
    }
    if (value === undefined || value === null || String(value) === "") {
      throw new CwApiError({
        kind: "refused",
        message: `The path parameter "${name}" of ${endpoint.method} ${endpoint.path} is missing.`,
        hint: `Give it in params, e.g. {"${name}": 123}, or write it into the path.`,
      });
    }
    const broken = urlTextProblem(`The path parameter "${name}"`, String(value), { method: endpoint.method, path: endpoint.path });
    if (broken) throw broken;
    pathParams[name] = String(value);
    return encodeURIComponent(String(value));
  });
  return { endpoint, path: safeApiPath(`/${concrete.join("/")}`), pathParams, query };
}
