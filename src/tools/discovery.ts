/**
 * Discovery tools: find the right ConnectWise endpoint among 3,053 and learn how to call it.
 * All four answer from the generated catalogue; none talks to ConnectWise.
 */
import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { Catalogue } from "../catalogue/catalogue.js";
import { endpointDetails, type EndpointDetails, type FieldInfo } from "../catalogue/details.js";
import { closestTemplates } from "../catalogue/path-match.js";
import { displaySummary, search } from "../catalogue/search.js";
import { fail, ok } from "./result.js";
import type { Registrar } from "./registrar.js";

const READ_ONLY: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
const method = z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]);

// ---------------------------------------------------------------------------------------------------
// cw_search_endpoints

const searchInput = {
  query: z.string().trim().min(1).max(500).describe('What you want to do, in plain words ("open tickets for a company", "log time") or a path'),
  method: method.optional().describe("Only endpoints with this HTTP method"),
  category: z.string().optional().describe("Only this API module (see cw_api_categories), e.g. service"),
  limit: z.int().min(1).max(50).optional().describe("How many results (default 10)"),
};

const searchOutput = {
  query: z.string(),
  results: z.array(
    z.object({ method, path: z.string(), summary: z.string(), category: z.string(), score: z.number() }),
  ),
};

// ---------------------------------------------------------------------------------------------------
// cw_endpoint_details

const detailsInput = {
  method: method.describe("HTTP method"),
  path: z.string().trim().min(1).max(500).describe("/service/tickets/{id} or /service/tickets/123"),
};

const field = z.object({
  name: z.string(),
  type: z.string(),
  required: z.boolean().optional(),
  nullable: z.boolean().optional(),
  enum: z.array(z.string()).optional(),
  maxLength: z.number().optional(),
  format: z.string().optional(),
  refFields: z.array(z.string()).optional(),
  description: z.string().optional(),
});

const detailsOutput = {
  method,
  path: z.string(),
  operationId: z.string(),
  category: z.string(),
  summary: z.string(),
  parameters: z.array(
    z.object({
      name: z.string(),
      in: z.enum(["path", "query", "header"]),
      type: z.string(),
      required: z.boolean(),
      description: z.string().optional(),
      enum: z.array(z.string()).optional(),
    }),
  ),
  requestBody: z
    .object({
      contentType: z.string(),
      schema: z.string(),
      isArray: z.boolean(),
      required: z.array(z.string()),
      fields: z.array(field),
      patchableFields: z.array(z.string()).optional(),
    })
    .optional(),
  response: z.object({
    status: z.string(),
    description: z.string(),
    schema: z.string().optional(),
    isArray: z.boolean(),
    fields: z.array(z.object({ name: z.string(), type: z.string() })).optional(),
  }),
  exampleConditions: z.array(z.string()).optional(),
  otherMethods: z.array(method),
};

// ---------------------------------------------------------------------------------------------------
// cw_api_categories

const categoriesOutput = {
  categories: z.array(z.object({ name: z.string(), endpoints: z.number(), description: z.string() })),
};

// ---------------------------------------------------------------------------------------------------
// cw_category_endpoints

const categoryInput = {
  category: z.string().trim().min(1).describe("API module name from cw_api_categories, e.g. service"),
  method: method.optional().describe("Only endpoints with this HTTP method"),
  offset: z.int().min(0).optional().describe("Default 0"),
  limit: z.int().min(1).max(500).optional().describe("Default 100"),
};

const categoryOutput = {
  category: z.string(),
  total: z.number(),
  offset: z.number(),
  endpoints: z.array(z.object({ method, path: z.string(), summary: z.string() })),
  nextOffset: z.number().optional(),
};

export function registerDiscoveryTools(server: Registrar, catalogue: Catalogue): void {
  const categoryNames = () => catalogue.categories().map((c) => c.name);
  const unknownCategory = (name: string) =>
    fail(`Unknown category "${name}". Use one of: ${categoryNames().join(", ")} (cw_api_categories lists them with counts).`);

  server.registerTool(
    "cw_search_endpoints",
    {
      title: "Search ConnectWise endpoints",
      description:
        "Find ConnectWise API endpoints for a task in plain words (contract=agreement, device=configuration, tech=member, " +
        "client=company). Returns method, path and summary, best first; then cw_endpoint_details.",
      inputSchema: searchInput,
      outputSchema: searchOutput,
      annotations: { ...READ_ONLY, title: "Search ConnectWise endpoints" },
    },
    ({ query, method, category, limit }) => {
      if (category && !categoryNames().includes(category.toLowerCase())) return unknownCategory(category);
      const results = search(catalogue, query, { method, category, limit });
      if (results.length === 0) {
        return ok(
          `No endpoint matches "${query}". Try the record's name (ticket, company, agreement, time entry) or browse with cw_api_categories.`,
          { query, results },
        );
      }
      const lines = results.map((r, i) => `${i + 1}. ${r.method} ${r.path} — ${r.summary}`);
      return ok(`${results.length} endpoints for "${query}":\n${lines.join("\n")}`, { query, results });
    },
  );

  server.registerTool(
    "cw_endpoint_details",
    {
      title: "ConnectWise endpoint details",
      description:
        "How to call one endpoint: parameters, request body fields (required, enums, what a reference accepts), response shape, example conditions.",
      inputSchema: detailsInput,
      outputSchema: detailsOutput,
      annotations: { ...READ_ONLY, title: "ConnectWise endpoint details" },
    },
    ({ method, path }) => {
      const lookup = endpointDetails(catalogue, method, path);
      if (lookup.found) return ok(renderDetails(lookup.details), { ...lookup.details });
      if (lookup.reason === "method-not-allowed") {
        return fail(`${lookup.path} has no ${method}. It supports ${lookup.allowed.join(", ")}.`);
      }
      const near = closestTemplates(catalogue.endpoints(), path, 5).map((r) => r.path);
      return fail(`No endpoint has the path ${path}. Closest paths: ${near.join(", ")}. cw_search_endpoints finds endpoints by description.`);
    },
  );

  server.registerTool(
    "cw_api_categories",
    {
      title: "ConnectWise API categories",
      description: "The ConnectWise API modules (company, service, time, finance, ...) with endpoint counts and their main resources.",
      inputSchema: {},
      outputSchema: categoriesOutput,
      annotations: { ...READ_ONLY, title: "ConnectWise API categories" },
    },
    () => {
      const categories = catalogue.categories();
      const lines = categories.map((c) => `${c.name} (${c.endpoints}): ${truncateList(c.description, 8)}`);
      return ok(`${categories.length} categories:\n${lines.join("\n")}`, { categories });
    },
  );

  server.registerTool(
    "cw_category_endpoints",
    {
      title: "Endpoints of a category",
      description: "List the endpoints of one API module, optionally one HTTP method, in pages of up to 500.",
      inputSchema: categoryInput,
      outputSchema: categoryOutput,
      annotations: { ...READ_ONLY, title: "Endpoints of a category" },
    },
    ({ category, method, offset = 0, limit = 100 }) => {
      const name = category.toLowerCase();
      if (!categoryNames().includes(name)) return unknownCategory(category);
      const all = catalogue.endpoints().filter((e) => e.category === name && (!method || e.method === method));
      const page = all.slice(offset, offset + limit).map((e) => ({ method: e.method, path: e.path, summary: displaySummary(e.summary) }));
      const nextOffset = offset + page.length < all.length ? offset + page.length : undefined;
      const header = `${name}: ${all.length} ${method ? `${method} ` : ""}endpoints` +
        (all.length > page.length ? `, showing ${offset + 1}–${offset + page.length}` : "");
      const lines = page.map((e) => `${e.method} ${e.path} — ${e.summary}`);
      const more = nextOffset !== undefined ? `\nMore: call again with offset ${nextOffset}.` : "";
      return ok(`${header}\n${lines.join("\n")}${more}`, {
        category: name,
        total: all.length,
        offset,
        endpoints: page,
        ...(nextOffset !== undefined ? { nextOffset } : {}),
      });
    },
  );
}

/** An endpoint's details as text (cw_endpoint_details, and the cw://endpoints resources). */
export function renderDetails(d: EndpointDetails): string {
  const out = [`${d.method} ${d.path} — ${d.summary} (${d.category}, operationId ${d.operationId})`];
  const pathParams = d.parameters.filter((p) => p.in === "path");
  const query = d.parameters.filter((p) => p.in !== "path");
  if (pathParams.length) out.push(`Path: ${pathParams.map((p) => `${p.name} (${p.type})`).join(", ")}`);
  if (query.length) {
    out.push(`Query: ${query.map((p) => `${p.name}${p.required ? "*" : ""} (${p.type}${p.enum ? `: ${p.enum.join("|")}` : ""})`).join(", ")}`);
  }
  if (d.requestBody) {
    const b = d.requestBody;
    out.push(`Body (${b.contentType}): ${b.isArray ? `array of ${b.schema}` : b.schema}${b.required.length ? `; required: ${b.required.join(", ")}` : ""}`);
    for (const f of b.fields) out.push(`  ${renderField(f)}`);
    if (b.patchableFields) {
      out.push(`  Each operation: {"op": "replace"|"add"|"remove", "path": "<field>", "value": ...}; fields: ${b.patchableFields.join(", ")}`);
    }
  }
  const r = d.response;
  const shape = r.schema ? `${r.isArray ? "array of " : ""}${r.schema}` : r.description || "no content";
  out.push(`Response ${r.status}: ${shape}${r.fields ? ` {${r.fields.map((f) => f.name).join(", ")}}` : ""}`);
  if (d.exampleConditions) out.push(`Example conditions:\n${d.exampleConditions.map((c) => `  ${c}`).join("\n")}`);
  if (d.otherMethods.length) out.push(`Also on this path: ${d.otherMethods.join(", ")}`);
  return out.join("\n");
}

function renderField(f: FieldInfo): string {
  const bits = [f.type];
  if (f.refFields) bits.push(`by ${f.refFields.filter((k) => ["id", "identifier", "name"].includes(k)).join("|") || f.refFields.join("|")}`);
  if (f.enum) bits.push(f.enum.join("|"));
  if (f.maxLength !== undefined) bits.push(`max ${f.maxLength}`);
  if (f.format) bits.push(f.format);
  if (f.nullable) bits.push("nullable");
  const note = f.description ? ` — ${f.description}` : "";
  return `${f.name}${f.required ? "*" : ""}: ${bits.join(", ")}${note}`;
}

function truncateList(list: string, n: number): string {
  const items = list.split(", ");
  return items.length > n ? `${items.slice(0, n).join(", ")}, … (${items.length - n} more)` : list;
}
