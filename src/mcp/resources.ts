/**
 * MCP resources: reference material a person (or the assistant) can attach to a conversation.
 *   cw://operations                      every named operation, by category: name, kind, one-line description
 *   cw://operations/{category}           one category's operations in full (params, method, path, fixed query)
 *   cw://queries                         the saved queries (the store opens when this is read, never before)
 *   cw://endpoints/{method}/{+path}      one endpoint's details from the catalogue, as cw_endpoint_details gives them
 * All are local: reading one never calls ConnectWise.
 */
import { ResourceTemplate, type McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import { HTTP_METHODS, type HttpMethod } from "../catalogue/catalogue.js";
import { endpointDetails } from "../catalogue/details.js";
import { closestTemplates } from "../catalogue/path-match.js";
import { allOperations, categoryCounts } from "../operations/registry.js";
import type { OperationDef } from "../operations/types.js";
import type { Runtime } from "../runtime.js";
import { StoreError } from "../store/errors.js";
import { renderDetails } from "../tools/discovery.js";

const JSON_TYPE = "application/json";
const MAX_COMPLETIONS = 100;

/** "MSP Analytics" → "msp-analytics": category names in URIs without percent signs. */
export function categorySlug(name: string): string {
  return name.toLowerCase().replace(/\s+/g, "-");
}

export function registerResources(server: McpServer, runtime: Runtime): void {
  server.registerResource(
    "operations",
    "cw://operations",
    {
      title: "Named ConnectWise operations",
      description: "Every named operation cw_operation runs, by category, with its kind (read/write) and what it does. cw://operations/{category} has each one's params.",
      mimeType: JSON_TYPE,
    },
    (uri) => {
      const categories = categoryCounts().map((c) => ({
        name: c.name,
        uri: `cw://operations/${categorySlug(c.name)}`,
        count: c.count,
        operations: allOperations()
          .filter((op) => op.category === c.name)
          .map((op) => ({ name: op.name, kind: op.kind, description: op.description })),
      }));
      return json(uri.href, { total: allOperations().length, categories });
    },
  );

  server.registerResource(
    "operations-by-category",
    new ResourceTemplate("cw://operations/{category}", {
      list: () => ({
        resources: categoryCounts().map((c) => ({
          uri: `cw://operations/${categorySlug(c.name)}`,
          name: `operations-${categorySlug(c.name)}`,
          title: `${c.name} operations`,
          description: `The ${c.count} named operations in ${c.name}, with their params.`,
          mimeType: JSON_TYPE,
        })),
      }),
      complete: { category: (value) => categoryCounts().map((c) => categorySlug(c.name)).filter((s) => s.startsWith(value.toLowerCase())) },
    }),
    { title: "Named operations in one category", description: "One category's named operations in full: params (type, required, default), method, path and fixed query.", mimeType: JSON_TYPE },
    (uri, { category }) => {
      const wanted = categorySlug(decodeURIComponent(String(category)));
      const found = categoryCounts().find((c) => categorySlug(c.name) === wanted);
      if (!found) {
        throw new McpError(ErrorCode.InvalidParams, `No operation category "${String(category)}". Categories: ${categoryCounts().map((c) => categorySlug(c.name)).join(", ")}.`);
      }
      const operations = allOperations().filter((op) => op.category === found.name).map(operationEntry);
      return json(uri.href, { category: found.name, count: operations.length, operations });
    },
  );

  server.registerResource(
    "saved-queries",
    "cw://queries",
    {
      title: "Saved queries",
      description: "The calls saved with cw_save_query (method, path, params, body, use count, last use), most used first; run one with cw_api_call {query}.",
      mimeType: JSON_TYPE,
    },
    (uri) => {
      try {
        const queries = runtime.savedQueries().list();
        return { contents: [{ uri: uri.href, mimeType: JSON_TYPE, text: runtime.redact(JSON.stringify({ count: queries.length, queries })) }] };
      } catch (err) {
        if (err instanceof StoreError) throw new McpError(ErrorCode.InternalError, `${err.message}${err.hint ? ` ${err.hint}` : ""}`);
        throw err;
      }
    },
  );

  const catalogue = runtime.catalogue;
  server.registerResource(
    "endpoint",
    new ResourceTemplate("cw://endpoints/{method}/{+path}", {
      list: undefined, // 3,053 endpoints: found through cw_search_endpoints or completion, not listed
      complete: {
        method: (value) => HTTP_METHODS.filter((m) => m.startsWith(value.toUpperCase())),
        path: (value, context) => {
          const method = context?.arguments?.method?.toUpperCase();
          const prefix = `/${decodeURIComponent(value).replace(/^\/+/, "")}`.toLowerCase();
          const paths = catalogue
            .endpoints()
            .filter((e) => (!method || e.method === method) && e.path.toLowerCase().startsWith(prefix))
            .map((e) => e.path.slice(1));
          return [...new Set(paths)].slice(0, MAX_COMPLETIONS);
        },
      },
    }),
    {
      title: "ConnectWise endpoint details",
      description: "One endpoint of the ConnectWise API: parameters, body fields, response shape, example conditions. e.g. cw://endpoints/GET/service/tickets or cw://endpoints/PATCH/service/tickets/{id}",
      mimeType: "text/plain",
    },
    (uri, variables) => {
      const method = String(variables.method).toUpperCase() as HttpMethod;
      let decoded: string;
      try {
        decoded = decodeURIComponent(String(variables.path));
      } catch {
        throw new McpError(ErrorCode.InvalidParams, `The path in ${uri.href.slice(0, 200)} has a broken percent-encoding.`);
      }
      const path = `/${decoded.replace(/^\/+/, "")}`;
      if (!HTTP_METHODS.includes(method)) throw new McpError(ErrorCode.InvalidParams, `"${String(variables.method)}" is not an HTTP method: use one of ${HTTP_METHODS.join(", ")}.`);
      const lookup = endpointDetails(catalogue, method, path);
      if (!lookup.found) {
        const why =
          lookup.reason === "method-not-allowed"
            ? `${lookup.path} has no ${method}; it supports ${lookup.allowed.join(", ")}.`
            : `No endpoint has the path ${path}. Closest: ${closestTemplates(catalogue.endpoints(), path, 5).map((r) => r.path).join(", ")}.`;
        throw new McpError(ErrorCode.InvalidParams, why);
      }
      return {
        contents: [
          { uri: uri.href, mimeType: "text/plain", text: renderDetails(lookup.details) },
          { uri: uri.href, mimeType: JSON_TYPE, text: JSON.stringify(lookup.details) },
        ],
      };
    },
  );
}

function operationEntry(op: OperationDef) {
  return {
    name: op.name,
    kind: op.kind,
    description: op.description,
    ...(op.method ? { method: op.method, path: op.path } : {}),
    ...(Object.keys(op.query).length ? { query: op.query } : {}),
    params: op.params.map((p) => ({
      name: p.name,
      type: p.type,
      required: p.required,
      description: p.description,
      ...(p.default !== undefined ? { default: p.default } : {}),
      ...(p.enum ? { enum: p.enum } : {}),
    })),
  };
}

function json(uri: string, value: unknown): ReadResourceResult {
  return { contents: [{ uri, mimeType: JSON_TYPE, text: JSON.stringify(value) }] };
}
