/**
 * Named operations: the things MSP people ask for by name (list_open_tickets, add_ticket_note,
 * timesheets_pending_approval …), each bound to one endpoint with names resolved and safe defaults.
 */
import { z } from "zod";
import { failure, runCall } from "../calls/execute.js";
import { CwApiError } from "../http/errors.js";
import { HANDLERS } from "../operations/handlers.js";
import { allOperations, categoryCounts, closestOperations, findOperations, operation } from "../operations/registry.js";
import { confirmer } from "../mcp/elicit.js";
import type { Runtime } from "../runtime.js";
import type { Registrar } from "./registrar.js";

const LIST_LIMIT = 60;

export function registerOperationTools(server: Registrar, runtime: Runtime): void {
  server.registerTool(
    "cw_operation",
    {
      title: "Run a named operation",
      description:
        `Run one of ${allOperations().length} named operations (find them with cw_list_operations) with its params. ` +
        "Names work where ids would (board, status, member, company …). Reads run; writes are previewed unless params.confirm is true.",
      inputSchema: {
        name: z.string().min(1).max(120).describe("Operation name, e.g. list_open_tickets"),
        params: z.record(z.string(), z.unknown()).optional().describe('The operation\'s params, e.g. {"board": "Help Desk"}; add "confirm": true to send a write'),
      },
      outputSchema: z.looseObject({ method: z.string().optional(), path: z.string().optional(), status: z.number().optional(), preview: z.boolean().optional(), data: z.unknown().optional() }),
      annotations: { title: "Run a named operation", readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async ({ name, params }, extra) => {
      const def = operation(name);
      try {
        if (!def) {
          throw new CwApiError({ kind: "refused", message: `There is no operation named "${name}".`, hint: `Closest: ${closestOperations(name).join(", ")}. cw_list_operations lists them.` });
        }
        if (def.handler) {
          const handler = HANDLERS[def.handler];
          if (!handler) throw new CwApiError({ kind: "refused", message: `The operation ${def.name} has no handler in this build.` });
          return await handler({ runtime, params: params ?? {}, signal: extra.signal, operation: def });
        }
        // Loaded on first use: handlebars and luxon stay out of the server's start-up.
        const { buildCall } = await import("../operations/build.js");
        const built = await buildCall(def, params ?? {}, runtime, runtime.lookups, extra.signal);
        return await runCall(runtime, built.plan, {
          confirm: built.confirm,
          includeInfo: built.includeInfo,
          signal: extra.signal,
          confirmWith: '"confirm": true in params',
          askHuman: confirmer(server.server, extra),
        });
      } catch (err) {
        return failure(runtime, err);
      }
    },
  );

  server.registerTool(
    "cw_list_operations",
    {
      title: "List named operations",
      description: "No arguments: operation counts per category. With a category and/or keyword: matching operations and their params.",
      inputSchema: {
        category: z.string().optional().describe("e.g. Tickets, Time, Agreements"),
        keyword: z.string().optional().describe("All these words, e.g. open tickets"),
      },
      outputSchema: {
        categories: z.array(z.object({ name: z.string(), count: z.number() })).optional(),
        total: z.number().optional(),
        operations: z
          .array(
            z.object({
              name: z.string(),
              category: z.string(),
              method: z.string().optional(),
              path: z.string().optional(),
              description: z.string(),
              params: z.array(z.object({ name: z.string(), type: z.string(), required: z.boolean(), description: z.string() })),
            }),
          )
          .optional(),
        more: z.number().optional(),
      },
      annotations: { title: "List named operations", readOnlyHint: true, openWorldHint: false },
    },
    ({ category, keyword }) => {
      if (!category && !keyword) {
        const categories = categoryCounts();
        const total = allOperations().length;
        const lines = categories.map((c) => `${c.name}: ${c.count}`);
        return { content: [{ type: "text", text: `${total} named operations:\n${lines.join("\n")}\nAsk with a category or keyword to see them.` }], structuredContent: { categories, total } };
      }
      const matches = findOperations(category, keyword);
      if (matches.length === 0) {
        const known = categoryCounts().map((c) => c.name);
        const hint = category && !known.some((k) => k.toLowerCase() === category.toLowerCase()) ? ` Categories: ${known.join(", ")}.` : "";
        return { content: [{ type: "text", text: `No operation matches.${hint}` }], structuredContent: { operations: [] } };
      }
      const shown = matches.slice(0, LIST_LIMIT);
      const operations = shown.map((op) => ({
        name: op.name,
        category: op.category,
        ...(op.method ? { method: op.method } : {}),
        ...(op.path ? { path: op.path } : {}),
        description: op.description,
        params: op.params.map((p) => ({ name: p.name, type: p.type, required: p.required, description: p.description })),
      }));
      const lines = shown.map((op) => {
        const own = op.params.filter((p) => !["conditions", "order_by", "fields", "page", "page_size"].includes(p.name));
        const params = own.map((p) => `${p.name}${p.required ? "*" : ""}`).join(", ");
        return `${op.name} (${op.kind}) — ${op.description}${params ? ` Params: ${params}.` : ""}`;
      });
      const more = matches.length - shown.length;
      return {
        content: [{ type: "text", text: `${matches.length} operations:\n${lines.join("\n")}${more > 0 ? `\n… ${more} more: narrow the keyword.` : ""}` }],
        structuredContent: { operations, ...(more > 0 ? { more } : {}) },
      };
    },
  );
}
