/**
 * The ConnectWise REST API over the store: every method and path of the spec, routed from the catalogue.
 *
 * Collections, items, /count, /info and /usages behave generically for every path; the records MSP
 * tools depend on (tickets, time entries, time sheets ...) add their rules in domain/; action endpoints
 * with real behaviour are in actions/.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { z } from "zod";
import { compileChildConditions, compileConditions, compileCustomFieldConditions, ConditionError } from "./conditions/index.js";
import { cwError, notFound, SandboxHttpError } from "./errors.js";
import type { SandboxModel, TableModel } from "./model.js";
import { applyPatch, type PatchOperation } from "./patch.js";
import { parseFields, project } from "./query/fields.js";
import { cachedQuery } from "./query/cache.js";
import { compileOrderBy } from "./query/order.js";
import { pageRequest, paginate } from "./query/paging.js";
import type { QueryParams } from "./query/params.js";
import { REFERENCE_TARGETS, referenceTo, resolveReference, tableKey } from "./references.js";
import type { Route, RouteMatch, Router } from "./routes.js";
import { isObject, type JsonObject, type Row, type Store } from "./store.js";
import { requestBodySchema } from "../schemas.js";
import { checkBody, checkMembers } from "./validate.js";
import { ACTIONS } from "./actions/index.js";
import { RULES, VIEWS } from "./domain/index.js";

export interface ApiRequest {
  method: string;
  /** API-relative path: /service/tickets/5 */
  path: string;
  query: QueryParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined when empty). */
  body: unknown;
  rawBody: string;
  /** Origin + API root as the client addressed it, for Link headers. */
  baseUrl: string;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON body; or `raw` for binary answers (PDFs). */
  body?: unknown;
  raw?: { contentType: string; data: Buffer };
}

export interface ApiContext {
  store: Store;
  model: SandboxModel;
  request: ApiRequest;
  match: RouteMatch;
  table: TableModel;
}

export class SandboxApi {
  constructor(
    private readonly store: Store,
    private readonly model: SandboxModel,
    private readonly router: Router,
  ) {}

  async handle(request: ApiRequest): Promise<ApiResponse> {
    try {
      const { match, allowed } = this.router.match(request.method, request.path);
      if (!match) {
        if (allowed.length > 0) throw cwError(405, "MethodNotAllowed", `The requested resource does not support http method '${request.method}'.`);
        throw notFound(`The requested URL ${request.path} was not found.`);
      }
      const ctx: ApiContext = { store: this.store, model: this.model, request, match, table: this.model.forRoute(match.route) };
      const action = ACTIONS[`${match.route.method} ${match.route.template.toLowerCase()}`];
      if (action) return await action(ctx);
      return await this.generic(ctx);
    } catch (err) {
      if (err instanceof SandboxHttpError) return { status: err.status, headers: err.headers, body: err.body };
      if (err instanceof ConditionError) return { status: 400, body: { code: err.code, message: err.message } };
      throw err;
    }
  }

  private async generic(ctx: ApiContext): Promise<ApiResponse> {
    const { route } = ctx.match;
    const method = route.method;
    if (route.template.toLowerCase().endsWith("/search") && method === "POST") return this.list(ctx, searchFilters(ctx));
    switch (route.kind) {
      case "collection":
        if (method === "GET") return this.list(ctx);
        if (method === "POST") return this.create(ctx);
        return { status: 200, body: {} };
      case "count":
        return { status: 200, body: { count: this.filtered(ctx, filtersOf(ctx.request.query)).length } };
      case "info":
      case "usages":
        if (route.kind === "usages") return { status: 200, body: [] };
        if (route.idParam) return { status: 200, body: this.answer(ctx, this.item(ctx)) };
        return route.returnsArray ? this.list(ctx) : { status: 200, body: this.singleton(ctx) };
      case "item":
        if (method === "GET") return { status: 200, body: this.answer(ctx, this.item(ctx)) };
        if (method === "PUT") return this.replace(ctx);
        if (method === "PATCH") return this.patch(ctx);
        if (method === "DELETE") return this.remove(ctx);
        return this.create(ctx);
      case "resource":
        return { status: 200, body: this.singleton(ctx) };
      case "action":
        return this.action(ctx);
    }
  }

  // --- reads ---------------------------------------------------------------------------------------

  private rows(ctx: ApiContext): Row[] {
    this.checkParent(ctx);
    const view = VIEWS[ctx.match.route.table];
    if (view) return view(ctx.store, ctx.match.params);
    return ctx.store.table(ctx.match.route.table).list(ctx.match.scope || undefined);
  }

  private filtered(ctx: ApiContext, filters: Filters): Row[] {
    const fields = ctx.table.fields;
    const tests: ((r: unknown) => boolean)[] = [];
    if (filters.conditions?.trim()) tests.push(compileConditions(filters.conditions, fields));
    if (filters.childConditions?.trim()) tests.push(compileChildConditions(filters.childConditions, fields));
    if (filters.customFieldConditions?.trim()) tests.push(compileCustomFieldConditions(filters.customFieldConditions));
    const rows = this.rows(ctx);
    return tests.length === 0 ? rows : rows.filter((r) => tests.every((t) => t(r)));
  }

  private list(ctx: ApiContext, filters = filtersOf(ctx.request.query)): ApiResponse {
    const query = ctx.request.query;
    const forwardOnly = String(ctx.request.headers["pagination-type"] ?? "").toLowerCase() === "forward-only";
    const { route, params, scope } = ctx.match;
    const key = JSON.stringify([route.table, scope, params, filters.conditions, filters.childConditions, filters.customFieldConditions, forwardOnly ? "" : filters.orderBy]);
    const rows = cachedQuery(ctx.store, key, () => {
      const matching = this.filtered(ctx, filters);
      const order = forwardOnly ? undefined : compileOrderBy(filters.orderBy, ctx.table.fields);
      return order ? order(matching) : matching;
    });
    const page = paginate(rows, pageRequest(query, forwardOnly), query, `${ctx.request.baseUrl}${ctx.request.path}`);
    const headers: Record<string, string> = {};
    if (page.link !== undefined) headers.Link = page.link;
    const fields = parseFields(query.get("fields"));
    return { status: 200, headers, body: page.items.map((r) => this.answer(ctx, r, fields)) };
  }

  private item(ctx: ApiContext): Row {
    this.checkParent(ctx);
    const id = Number(ctx.match.params[ctx.match.route.idParam ?? "id"]);
    const table = ctx.store.table(ctx.match.route.table);
    const row = Number.isInteger(id) ? table.get(id, ctx.match.scope || undefined) : undefined;
    if (!row) throw notFound(`${ctx.table.schemaName ?? "Record"} with id ${ctx.match.params[ctx.match.route.idParam ?? "id"]} was not found.`);
    return row;
  }

  /** Paths such as /system/info or /company/companies/default: the one stored record, or an empty one. */
  private singleton(ctx: ApiContext): unknown {
    const rows = ctx.store.has(ctx.match.route.table) ? ctx.store.table(ctx.match.route.table).list(ctx.match.scope || undefined) : [];
    return rows[0] ? this.answer(ctx, rows[0]) : {};
  }

  /** A record as the API answers it: references current, write-only fields dropped, `fields` applied. */
  answer(ctx: ApiContext, row: Row, fields = parseFields(ctx.request.query.get("fields"))): unknown {
    // Only the references the answer keeps are re-read (a list of 250 tickets asking for id,summary reads none).
    const hydrated: JsonObject = this.model.hydrate(ctx.store, ctx.match.route.table, row, ctx.request.baseUrl, fields ? (f) => fields.has(f.toLowerCase()) : undefined);
    const writeOnly = RULES[ctx.match.route.table]?.writeOnly;
    // Projection makes a new object, so write-only fields are dropped from the copy either way.
    const out = (fields ? project(hydrated, fields) : writeOnly ? { ...hydrated } : hydrated) as JsonObject;
    if (writeOnly) for (const f of writeOnly) delete out[f];
    return out;
  }

  /** A child collection of a record that does not exist is a 404, as in ConnectWise. */
  private checkParent(ctx: ApiContext): void {
    const { route, params } = ctx.match;
    if (route.scopeParams.length === 0) return;
    const segments = route.segments;
    const parentParam = route.scopeParams.at(-1)!;
    const index = segments.findIndex((s) => s.replace(/^\{|\}$/g, "") === parentParam);
    const parentTable = tableKey(`/${segments.slice(0, index).join("/")}`);
    if (!ctx.store.has(parentTable) || ctx.store.table(parentTable).size === 0) return;
    const id = Number(params[parentParam]);
    if (!Number.isInteger(id) || !ctx.store.table(parentTable).get(id)) {
      throw notFound(`${this.model.forTable(parentTable).schemaName ?? "Record"} with id ${params[parentParam]} was not found.`);
    }
  }

  // --- writes --------------------------------------------------------------------------------------

  private async validated(ctx: ApiContext, body: unknown): Promise<JsonObject> {
    const { route } = ctx.match;
    const typeName = ctx.table.schemaName ?? "Object";
    if (!isObject(body)) throw cwError(400, "ConnectWiseApi", `The request body must be a JSON object (a ${typeName}).`);
    checkMembers(body, ctx.table.schema, typeName, ctx.request.rawBody);
    const schema: z.ZodType | undefined = await requestBodySchema(route.category, writeOperationFor(ctx, route));
    if (schema) checkBody(schema, body, ctx.table.resource, typeName);
    return this.resolveReferences(ctx, { ...body });
  }

  /** References given by id, identifier or name become full references; an unknown one is refused. */
  private resolveReferences(ctx: ApiContext, record: JsonObject): JsonObject {
    const out = { ...record };
    for (const ref of ctx.table.references) {
      const value = out[ref.field];
      if (!isObject(value)) continue;
      const target = REFERENCE_TARGETS[ref.schema]!;
      const scopeValue = target.scopeFrom ? out[target.scopeFrom] : undefined;
      const scope = isObject(scopeValue) && typeof scopeValue.id === "number" ? String(scopeValue.id) : undefined;
      const resolved = resolveReference(ctx.store, ref.schema, value, scope);
      if (!resolved) continue;
      if ("error" in resolved) {
        throw cwError(400, "InvalidObject", `${ctx.table.resource} object is invalid`, [
          { code: "InvalidField", message: `${ref.field}: ${resolved.error}.`, resource: ctx.table.resource, field: ref.field },
        ]);
      }
      out[ref.field] = referenceTo(ref.schema, resolved.row, ref.keys);
    }
    return out;
  }

  private async create(ctx: ApiContext): Promise<ApiResponse> {
    this.checkParent(ctx);
    const rules = RULES[ctx.match.route.table];
    let record = await this.validated(ctx, ctx.request.body);
    delete record.id;
    delete record._info;
    if (rules?.prepare) record = this.resolveReferences(ctx, rules.prepare(record, ctx));
    const row = ctx.store.table(ctx.match.route.table).insert(record, ctx.match.scope ? { scope: ctx.match.scope } : {});
    rules?.after?.(row, ctx);
    return { status: 201, body: this.answer(ctx, ctx.store.table(ctx.match.route.table).get(row.id)!) };
  }

  private async replace(ctx: ApiContext): Promise<ApiResponse> {
    const existing = this.item(ctx);
    const rules = RULES[ctx.match.route.table];
    let record = await this.validated(ctx, ctx.request.body);
    if (rules?.prepare) record = this.resolveReferences(ctx, rules.prepare(record, ctx, existing));
    const row = ctx.store.table(ctx.match.route.table).replace(existing.id, withoutMeta(record));
    rules?.after?.(row, ctx, existing);
    return { status: 200, body: this.answer(ctx, ctx.store.table(ctx.match.route.table).get(row.id)!) };
  }

  private async patch(ctx: ApiContext): Promise<ApiResponse> {
    const existing = this.item(ctx);
    const rules = RULES[ctx.match.route.table];
    const schema = await requestBodySchema(ctx.match.route.category, ctx.match.route.operationId);
    const ops = schema ? checkBody(schema, ctx.request.body, ctx.table.resource, "PatchOperation") : ctx.request.body;
    const referenceFields = new Set(ctx.table.references.map((r) => r.field));
    const patched = applyPatch(withoutMeta(existing), ops as PatchOperation[], ctx.table.resource, referenceFields);
    checkMembers(patched, ctx.table.schema, ctx.table.schemaName ?? "Object", JSON.stringify(patched));
    const putSchema = await requestBodySchema(ctx.match.route.category, writeOperationFor(ctx, ctx.match.route, "PUT"));
    if (putSchema) checkBody(putSchema, patched, ctx.table.resource, ctx.table.schemaName ?? "Object");
    let record = this.resolveReferences(ctx, patched);
    if (rules?.prepare) record = this.resolveReferences(ctx, rules.prepare(record, ctx, existing));
    const row = ctx.store.table(ctx.match.route.table).replace(existing.id, record);
    rules?.after?.(row, ctx, existing);
    return { status: 200, body: this.answer(ctx, ctx.store.table(ctx.match.route.table).get(row.id)!) };
  }

  private remove(ctx: ApiContext): ApiResponse {
    const existing = this.item(ctx);
    const rules = RULES[ctx.match.route.table];
    rules?.beforeDelete?.(existing, ctx);
    ctx.store.table(ctx.match.route.table).delete(existing.id);
    rules?.afterDelete?.(existing, ctx);
    return { status: 204 };
  }

  /** An action without behaviour of its own: validate the body, answer what the spec says it answers. */
  private async action(ctx: ApiContext): Promise<ApiResponse> {
    const schema = await requestBodySchema(ctx.match.route.category, ctx.match.route.operationId);
    if (schema && ctx.request.body !== undefined) checkBody(schema, ctx.request.body, ctx.table.resource, ctx.table.schemaName ?? "Object");
    const response = ctx.model.catalogue.responses(ctx.match.route.endpoint.id).find((r) => /^2/.test(r.status));
    if (response?.schemaName === "SuccessResponse") return { status: 200, body: { success: true, message: "" } };
    if (ctx.match.route.idParam) return { status: 200, body: this.answer(ctx, this.item(ctx)) };
    return { status: Number(response?.status ?? 200) || 200, body: response?.isArray ? [] : {} };
  }
}

interface Filters {
  conditions?: string | undefined;
  childConditions?: string | undefined;
  customFieldConditions?: string | undefined;
  orderBy?: string | undefined;
}

function filtersOf(query: QueryParams): Filters {
  return {
    conditions: query.get("conditions"),
    childConditions: query.get("childConditions"),
    customFieldConditions: query.get("customFieldConditions"),
    orderBy: query.get("orderBy"),
  };
}

/** POST …/search: the filters come in the body (FilterValues); paging stays in the query string. */
function searchFilters(ctx: ApiContext): Filters {
  const body = ctx.request.body ?? {};
  checkMembers(body, { properties: { conditions: {}, orderBy: {}, childconditions: {}, customfieldconditions: {} } }, "FilterValues", ctx.request.rawBody);
  const b = isObject(body) ? (Object.fromEntries(Object.entries(body).map(([k, v]) => [k.toLowerCase(), v])) as Record<string, unknown>) : {};
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    conditions: str(b.conditions),
    childConditions: str(b.childconditions),
    customFieldConditions: str(b.customfieldconditions),
    orderBy: str(b.orderby),
  };
}

/** The operation whose body schema describes a write to this route's table (the POST of the collection by default). */
function writeOperationFor(ctx: ApiContext, route: Route, method: "POST" | "PUT" = route.method === "PUT" ? "PUT" : "POST"): string {
  if (route.method === method && (route.kind === "collection" || route.kind === "item")) return route.operationId;
  const catalogue = ctx.model.catalogue;
  const sameTable = catalogue.endpoints().find(
    (e) => e.method === method && (e.kind === "collection" || e.kind === "item") && tableKey(e.path.replace(/\/\{[^}]+\}$/, "")) === route.table,
  );
  return sameTable?.operationId ?? route.operationId;
}

function withoutMeta(record: JsonObject): JsonObject {
  const { id: _id, _info: _meta, ...rest } = record;
  return rest;
}
