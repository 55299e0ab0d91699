/**
 * Every named operation through MCP against the sandbox: each read runs and answers, each write
 * previews and sends nothing. Table-driven from the build's own list, so a new operation is tested the
 * moment it is added to operations.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allOperations } from "../../src/operations/registry.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { envFor, startServer, textOf, type RunningServer } from "../helpers/mcp.js";
import { sampleParams } from "../helpers/operation-samples.js";
import { sandbox } from "../helpers/sandbox.js";

const operations = allOperations();
let sb: Sandbox;
let server: RunningServer;

beforeAll(async () => {
  sb = await sandbox();
  server = await startServer([], envFor(sb));
});
afterAll(async () => {
  await server?.close();
  await sb?.close();
});

async function run(name: string, params: Record<string, unknown>) {
  const result = await server.client.callTool({ name: "cw_operation", arguments: { name, params } });
  return { isError: result.isError === true, text: textOf(result), data: result.structuredContent as Record<string, any> | undefined };
}

const reads = operations.filter((op) => op.kind === "read" && !op.handler);
const writes = operations.filter((op) => op.kind === "write");

describe("every read operation runs against the sandbox", () => {
  it("has the operations the issue asks for by name", () => {
    const names = new Set(operations.map((o) => o.name));
    for (const name of ["list_open_tickets", "my_open_tickets", "tickets_by_company", "tickets_by_board", "unassigned_tickets", "overdue_tickets", "time_entries_for_member_between", "timesheets_pending_approval", "expiring_agreements", "configurations_with_expiring_warranty"]) {
      expect(names, name).toContain(name);
    }
    expect(operations.length).toBeGreaterThanOrEqual(509);
  });

  it.each(reads.map((op) => [op.name, op] as const))("%s", async (_name, op) => {
    const sample = sampleParams(op, sb, { createMissing: true });
    const res = await run(op.name, sample.params);
    expect(res.isError, res.text).toBe(false);
    expect(res.data).toMatchObject({ method: "GET", status: 200 });
    expect(res.data!.path).toBe(op.path!.replace(/\{([^}:]+)[^}]*\}/g, (_, n: string) => String(sample.params[op.params.find((p) => p.in === "path" && p.target === n)!.name])));
  });
});

describe("every write operation previews and sends nothing", () => {
  it.each(writes.map((op) => [op.name, op] as const))("%s", async (_name, op) => {
    const before = sb.requests.length;
    const { params } = sampleParams(op, sb);
    const res = await run(op.name, params);
    expect(res.isError, res.text).toBe(false);
    expect(res.data).toMatchObject({ preview: true, method: op.method });
    expect(res.text).toContain("Nothing was sent");
    expect(sb.requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);
  });
});
