/**
 * The sandbox's route table, built from the catalogue: every method and path of the spec.
 *
 * Fixed segments match case-insensitively (ConnectWise routes do); placeholders match one segment.
 * When several templates fit (/service/tickets/count and /service/tickets/{id}), the one with more
 * fixed segments wins.
 */
import type { Catalogue, EndpointKind, EndpointRow, HttpMethod } from "../catalogue/catalogue.js";
import { tableKey } from "./references.js";

export interface Route {
  method: HttpMethod;
  template: string;
  operationId: string;
  category: string;
  kind: EndpointKind;
  segments: string[];
  /** Placeholder names in order. */
  params: string[];
  fixed: number;
  /** The collection the route reads or writes, as a table key, and the placeholders that scope it. */
  table: string;
  scopeParams: string[];
  /** For item routes: the placeholder holding the record id. */
  idParam?: string;
  /** Whether a successful answer is a list (collections, /info lists) or one object. */
  returnsArray: boolean;
  endpoint: EndpointRow;
}

export interface RouteMatch {
  route: Route;
  /** Placeholder values by name (strings as they appeared in the URL, decoded). */
  params: Record<string, string>;
  /** The scope key of the collection: parent ids joined by "/", "" for a top-level collection. */
  scope: string;
}

const isParam = (s: string) => s.startsWith("{");

export class Router {
  private readonly bySize = new Map<number, Route[]>();

  constructor(catalogue: Catalogue) {
    for (const endpoint of catalogue.endpoints()) {
      const ok = catalogue.responses(endpoint.id).find((r) => /^2/.test(r.status));
      const route = buildRoute(endpoint, ok?.isArray ?? false);
      const list = this.bySize.get(route.segments.length) ?? [];
      list.push(route);
      this.bySize.set(route.segments.length, list);
    }
    for (const list of this.bySize.values()) list.sort((a, b) => b.fixed - a.fixed);
  }

  /** The best route for a method and an API-relative path; `allowed` lists methods of a path that fits otherwise. */
  match(method: string, path: string): { match?: RouteMatch; allowed: HttpMethod[] } {
    const parts = path.split("/").filter(Boolean).map(safeDecode);
    const candidates = this.bySize.get(parts.length) ?? [];
    const allowed = new Set<HttpMethod>();
    let bestFixed = -1;
    for (const route of candidates) {
      if (route.fixed < bestFixed) break;
      if (!fits(route.segments, parts)) continue;
      if (route.method === method) return { match: toMatch(route, parts), allowed: [] };
      bestFixed = route.fixed;
      allowed.add(route.method);
    }
    return { allowed: [...allowed] };
  }
}

function fits(segments: string[], parts: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (isParam(s)) continue;
    if (s.toLowerCase() !== parts[i]!.toLowerCase()) return false;
  }
  return true;
}

function toMatch(route: Route, parts: string[]): RouteMatch {
  const params: Record<string, string> = {};
  let p = 0;
  route.segments.forEach((s, i) => {
    if (isParam(s)) params[route.params[p++]!] = parts[i]!;
  });
  return { route, params, scope: route.scopeParams.map((name) => params[name]).join("/") };
}

function buildRoute(endpoint: EndpointRow, returnsArray: boolean): Route {
  const segments = endpoint.path.split("/").filter(Boolean);
  const { template, idParam } = collectionOf(endpoint.path, endpoint.kind);
  return {
    method: endpoint.method,
    template: endpoint.path,
    operationId: endpoint.operationId,
    category: endpoint.category,
    kind: endpoint.kind,
    segments,
    params: segments.filter(isParam).map(paramName),
    fixed: segments.filter((s) => !isParam(s)).length,
    table: tableKey(template),
    scopeParams: template.split("/").filter(isParam).map(paramName),
    ...(idParam ? { idParam } : {}),
    returnsArray,
    endpoint,
  };
}

/**
 * The collection an endpoint reads or writes: the item id and the /count, /info, /usages, /search suffixes
 * dropped, and /system/info/members read as /system/members. Item-like routes also say which
 * placeholder holds the record id.
 */
export function collectionOf(path: string, kind: string): { template: string; idParam?: string } {
  const segments = path.split("/").filter(Boolean);
  const suffixes = new Set(["count", "info", "usages", "list", "search"]);
  while (segments.length > 1 && suffixes.has(segments.at(-1)!.toLowerCase())) segments.pop();
  let idParam: string | undefined;
  const last = segments.at(-1) ?? "";
  if (isParam(last) && (kind === "item" || kind === "info" || kind === "usages")) {
    idParam = paramName(last);
    segments.pop();
  }
  const kept = segments.filter((s, i) => !(i === 1 && s.toLowerCase() === "info" && segments.length > 2));
  return { template: `/${kept.join("/")}`, ...(idParam ? { idParam } : {}) };
}

function paramName(segment: string): string {
  return segment.replace(/^\{/, "").replace(/[:}].*$/, "");
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
