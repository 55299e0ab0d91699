/**
 * Saved queries: cw_api_call calls kept under a name in the local store (fast-memory.db in CW_DATA_DIR),
 * run again with cw_api_call {query: "name"}. These tools only touch that file, never ConnectWise.
 */
import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { jsonArgument } from "../calls/nesting.js";
import { checkForSaving, storeOrCallFailure, unknownQuery } from "../calls/saved-query.js";
import type { Runtime } from "../runtime.js";
import { checkName, describeQuery, MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH, times, type SavedQuery } from "../store/saved-queries.js";
import { redactDeep } from "../http/redact.js";
import type { Registrar } from "./registrar.js";

const LOCAL = { openWorldHint: false } satisfies ToolAnnotations;
const TEXT_LIST_LIMIT = 100;

const paramValue = z.union([z.string(), z.number(), z.boolean()]);
const name = z.string().min(1).max(200).describe(`1–${MAX_NAME_LENGTH} letters, digits, spaces, _ - . (any case)`);

const savedQueryOutput = z.object({
  name: z.string(),
  method: z.string(),
  path: z.string(),
  params: z.record(z.string(), paramValue),
  body: z.unknown().optional(),
  description: z.string().optional(),
  use_count: z.number(),
  last_used: z.string().optional(),
  created: z.string(),
});

export function registerQueryTools(server: Registrar, runtime: Runtime): void {
  server.registerTool(
    "cw_save_query",
    {
      title: "Save a query",
      description:
        "Save a cw_api_call under a name, checked against the spec, to run with cw_api_call {query: name}; open path " +
        "placeholders ({id}) are given in params then. An existing name is refused unless replace is true.",
      inputSchema: {
        name,
        method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
        path: z.string().min(1).max(500).describe("e.g. /service/tickets or /service/tickets/{id}/notes"),
        params: z.record(z.string(), paramValue).optional().describe("As for cw_api_call"),
        body: jsonArgument.optional().describe("As for cw_api_call"),
        description: z.string().max(MAX_DESCRIPTION_LENGTH).optional().describe("What it is for"),
        replace: z.boolean().optional().describe("Overwrite one of the same name (use count kept)"),
      },
      outputSchema: { saved: savedQueryOutput, replaced: z.boolean(), open_path_params: z.array(z.string()) },
      annotations: { ...LOCAL, title: "Save a query", readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    async ({ name, method, path, params, body, description, replace }) => {
      try {
        checkName(name);
        const checked = await checkForSaving(runtime.catalogue, { method, path, params: params ?? {}, ...(body !== undefined ? { body } : {}) });
        const { query, replaced } = runtime.savedQueries().save({ name, method, path: checked.path, params, body, description }, { replace });
        const open = checked.openPathParams;
        const run = `cw_api_call {query: ${JSON.stringify(query.name)}${open.length ? `, params: {${open.map((p) => `${p}: …`).join(", ")}}` : ""}}`;
        const lines = [
          `${replaced ? "Replaced" : "Saved"} "${query.name}": ${describeQuery(query)}${replaced ? ` (use count kept: ${query.useCount})` : ""}.`,
          `Run it with ${run}${method === "GET" ? "" : "; as a write it is previewed until you add confirm: true"}.`,
        ];
        return ok(runtime, lines.join("\n"), { saved: output(query), replaced, open_path_params: open });
      } catch (err) {
        return storeOrCallFailure(runtime, err);
      }
    },
  );

  server.registerTool(
    "cw_list_queries",
    {
      title: "List saved queries",
      description: "The saved queries, most used first, with use counts. A keyword keeps those containing all its words.",
      inputSchema: {
        keyword: z.string().max(200).optional().describe("e.g. tickets help desk"),
      },
      outputSchema: { queries: z.array(savedQueryOutput) },
      annotations: { ...LOCAL, title: "List saved queries", readOnlyHint: true },
    },
    ({ keyword }) => {
      try {
        const store = runtime.savedQueries();
        const queries = store.list(keyword);
        let text: string;
        if (queries.length === 0) {
          const all = keyword?.trim() ? store.list().length : 0;
          text =
            all > 0
              ? `No saved query matches "${keyword}" (${all} saved; cw_list_queries without a keyword lists them).`
              : "No queries are saved yet. cw_save_query saves a cw_api_call under a name.";
        } else {
          const lines = queries.slice(0, TEXT_LIST_LIMIT).map(listLine);
          const more = queries.length > TEXT_LIST_LIMIT ? `\n… ${queries.length - TEXT_LIST_LIMIT} more in structuredContent.queries.` : "";
          text = `${queries.length} saved quer${queries.length === 1 ? "y" : "ies"}${keyword?.trim() ? ` matching "${keyword.trim()}"` : ""}, most used first:\n${lines.join("\n")}${more}\nRun one with cw_api_call {query: "name"}.`;
        }
        return ok(runtime, text, { queries: queries.map(output) });
      } catch (err) {
        return storeOrCallFailure(runtime, err);
      }
    },
  );

  server.registerTool(
    "cw_delete_query",
    {
      title: "Delete a saved query",
      description: "Delete one saved query by name. The answer shows what it was, so it can be saved again.",
      inputSchema: { name },
      outputSchema: { deleted: savedQueryOutput },
      annotations: { ...LOCAL, title: "Delete a saved query", readOnlyHint: false, destructiveHint: true, idempotentHint: true },
    },
    ({ name }) => {
      try {
        const store = runtime.savedQueries();
        const deleted = store.delete(name);
        if (!deleted) throw unknownQuery(store, name);
        return ok(runtime, `Deleted "${deleted.name}": ${describeQuery(deleted)} (it had run ${times(deleted.useCount)}).`, { deleted: output(deleted) });
      } catch (err) {
        return storeOrCallFailure(runtime, err);
      }
    },
  );

  server.registerTool(
    "cw_clear_queries",
    {
      title: "Clear saved queries",
      description: "Delete all saved queries. Without confirm: true it only lists what would go.",
      inputSchema: {
        confirm: z.boolean().optional().describe("Delete them"),
      },
      outputSchema: { preview: z.boolean(), count: z.number(), names: z.array(z.string()) },
      annotations: { ...LOCAL, title: "Clear saved queries", readOnlyHint: false, destructiveHint: true, idempotentHint: true },
    },
    ({ confirm }) => {
      try {
        const store = runtime.savedQueries();
        if (confirm !== true) {
          const names = store.list().map((q) => q.name).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
          const text =
            names.length === 0
              ? "There are no saved queries; nothing to clear."
              : `Preview only — this would delete ${names.length} saved quer${names.length === 1 ? "y" : "ies"}: ${shortList(names)}.\nNothing was deleted. To delete them, call again with confirm: true.`;
          return ok(runtime, text, { preview: true, count: names.length, names });
        }
        const names = store.clear();
        const text = names.length === 0 ? "There were no saved queries." : `Deleted ${names.length} saved quer${names.length === 1 ? "y" : "ies"}: ${shortList(names)}.`;
        return ok(runtime, text, { preview: false, count: names.length, names });
      } catch (err) {
        return storeOrCallFailure(runtime, err);
      }
    },
  );
}

function output(q: SavedQuery): z.infer<typeof savedQueryOutput> {
  return {
    name: q.name,
    method: q.method,
    path: q.path,
    params: q.params,
    ...(q.body !== undefined ? { body: q.body } : {}),
    ...(q.description !== undefined ? { description: q.description } : {}),
    use_count: q.useCount,
    ...(q.lastUsedAt !== undefined ? { last_used: q.lastUsedAt } : {}),
    created: q.createdAt,
  };
}

function listLine(q: SavedQuery): string {
  const used = q.useCount === 0 ? "never run" : `run ${times(q.useCount)}, last ${q.lastUsedAt}`;
  return `- ${q.name}: ${describeQuery(q)} — ${used}${q.description ? `; ${q.description}` : ""}`;
}

function shortList(names: string[]): string {
  const shown = names.slice(0, 50).map((n) => `"${n}"`);
  return names.length > 50 ? `${shown.join(", ")} and ${names.length - 50} more` : shown.join(", ");
}

function ok(runtime: Runtime, text: string, structured: Record<string, unknown>) {
  return { content: [{ type: "text" as const, text: runtime.redact(text) }], structuredContent: redactDeep(structured, runtime.redact) };
}
