/**
 * Writes confirmed by the person through MCP elicitation: a client that declares the capability is shown the
 * preview and the write is sent only when the person accepts; one without it gets the preview, as before.
 * Real MCP over stdio to the built server; the sandbox's request log shows what reached "ConnectWise".
 */
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tableKey } from "../../src/sandbox/references.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { envFor, startServer, textOf, type RunningServer } from "../helpers/mcp.js";
import { client, sandbox } from "../helpers/sandbox.js";
import { afterNotice } from "../helpers/notice.js";

let sb: Sandbox;
let asking: RunningServer;
let plain: RunningServer;
let api: ReturnType<typeof client>;
/** What the person answers next, and every dialog they were shown. */
let reply: (request: ElicitRequest) => Promise<ElicitResult> | ElicitResult;
const shown: ElicitRequest["params"][] = [];

beforeAll(async () => {
  sb = await sandbox();
  api = client(sb);
  [asking, plain] = await Promise.all([
    startServer([], envFor(sb), {
      capabilities: { elicitation: {} },
      setup: (c) =>
        c.setRequestHandler(ElicitRequestSchema, async (request) => {
          shown.push(request.params);
          return reply(request);
        }),
    }),
    startServer([], envFor(sb)),
  ]);
});
afterAll(async () => {
  await Promise.all([asking?.close(), plain?.close()]);
  await sb?.close();
});
beforeEach(() => {
  sb.requests.length = 0;
  shown.length = 0;
  reply = () => ({ action: "cancel" });
});

async function call(on: RunningServer, name: string, args: Record<string, unknown>) {
  const result = await on.client.callTool({ name, arguments: args });
  return { isError: result.isError === true, text: textOf(result), data: result.structuredContent as Record<string, any> };
}

const tickets = () => sb.store.table(tableKey("/service/tickets")).list();
const notesWith = (text: string) => sb.store.table("/service/tickets/{parentid}/notes").list().filter((n) => n.text === text);
const writes = () => sb.requests.filter((r) => r.method !== "GET");

describe("a client that declares elicitation", () => {
  it("is shown the preview, and the write is sent when the person accepts", async () => {
    const ticket = tickets()[0]!;
    reply = () => ({ action: "accept", content: { confirm: true } });
    const res = await call(asking, "cw_operation", { name: "add_ticket_note", params: { ticket_id: ticket.id, text: "Confirmed in the dialog" } });
    expect(res.isError, res.text).toBe(false);
    expect(shown).toHaveLength(1);
    expect(shown[0]!.message).toMatch(/^Send this write to ConnectWise\?\nPreview only — POST .*\/service\/tickets\/\d+\/notes/);
    expect(shown[0]!.message).toContain("Confirmed in the dialog");
    expect(shown[0]!.message).not.toContain("confirm: true"); // the person confirms by ticking, not by calling again
    expect((shown[0] as { requestedSchema?: unknown }).requestedSchema).toMatchObject({ properties: { confirm: { type: "boolean" } }, required: ["confirm"] });
    expect(afterNotice(res.text)).toMatch(/^Confirmed by the user in the client's dialog, and sent\./);
    expect(res.data.confirmation).toBe("accepted");
    expect(writes()).toEqual([expect.objectContaining({ method: "POST", path: expect.stringMatching(new RegExp(`/service/tickets/${ticket.id}/notes$`)), status: 201 })]);
    expect(notesWith("Confirmed in the dialog")).toHaveLength(1);
  });

  it("sends nothing when the person declines, cancels, or accepts without ticking the box", async () => {
    const ticket = tickets()[1]!;
    for (const answer of [{ action: "decline" }, { action: "cancel" }, { action: "accept", content: { confirm: false } }] as ElicitResult[]) {
      reply = () => answer;
      const res = await call(asking, "cw_operation", { name: "add_ticket_note", params: { ticket_id: ticket.id, text: "Never sent" } });
      expect(res.isError, res.text).toBe(false);
      expect(res.text).toMatch(/^Not sent: the write was (declined|dismissed) in the confirmation dialog, so nothing was sent to ConnectWise\./);
      expect(res.data).toMatchObject({ preview: true, confirmation: answer.action === "cancel" ? "cancelled" : "declined" });
    }
    expect(shown).toHaveLength(3);
    expect(writes()).toEqual([]);
    expect(notesWith("Never sent")).toEqual([]);
  });

  it("still refuses a record that changed while the dialog was open", async () => {
    const ticket = tickets()[2]!;
    reply = async () => {
      // Someone else edits the ticket while the person reads the preview.
      expect((await api("PATCH", `/service/tickets/${ticket.id}`, [{ op: "replace", path: "summary", value: "Edited meanwhile" }])).status).toBe(200);
      return { action: "accept", content: { confirm: true } };
    };
    const res = await call(asking, "cw_api_call", { method: "PATCH", path: `/service/tickets/${ticket.id}`, body: [{ op: "replace", path: "summary", value: "From the assistant" }] });
    expect(res.isError).toBe(true);
    expect(res.text).toMatch(/changed since the preview/);
    expect(writes().filter((r) => r.method === "PATCH")).toHaveLength(1); // the other editor's, not ours
    expect(tickets().find((t) => t.id === ticket.id)!.summary).toBe("Edited meanwhile");
  });

  it("confirm: true sends without asking; reads never ask", async () => {
    const ticket = tickets()[3]!;
    const sent = await call(asking, "cw_operation", { name: "add_ticket_note", params: { ticket_id: ticket.id, text: "Already confirmed", confirm: true } });
    expect(sent.isError, sent.text).toBe(false);
    const read = await call(asking, "cw_api_call", { method: "GET", path: `/service/tickets/${ticket.id}` });
    expect(read.isError).toBe(false);
    expect(shown).toEqual([]);
    expect(notesWith("Already confirmed")).toHaveLength(1);
  });

  it("cw_batch_update runs the previewed batch on accept, and burns its token on decline", async () => {
    const [a, b] = [tickets()[4]!, tickets()[5]!];
    const ops = [a, b].map((t) => ({ method: "POST", path: "/service/tickets/{parentId}/notes", params: { parentId: t.id }, body: { text: "Batch via dialog", internalAnalysisFlag: true } }));
    reply = () => ({ action: "accept", content: { confirm: true } });
    const done = await call(asking, "cw_batch_update", { operations: ops });
    expect(done.isError, done.text).toBe(false);
    expect(shown[0]!.message).toMatch(/^Run this batch of writes in ConnectWise\?\nPreview only — nothing was sent\. 2 operations/);
    expect(done.text).toMatch(/^Confirmed by the user in the client's dialog\.\nBatch done: all 2 operations sent/);
    expect(done.data).toMatchObject({ preview: false, sent: [0, 1] });
    expect(notesWith("Batch via dialog")).toHaveLength(2);

    sb.requests.length = 0;
    reply = () => ({ action: "decline" });
    const other = ops.map((o) => ({ ...o, body: { ...o.body, text: "Declined batch" } }));
    const declined = await call(asking, "cw_batch_update", { operations: other });
    expect(declined.text).toMatch(/^Not sent: the write was declined/);
    expect(declined.data.preview_token).toBeUndefined();
    expect(writes()).toEqual([]);
    expect(notesWith("Declined batch")).toEqual([]);
  });

  it("cw_approve_timesheets sends nothing when the person declines, and the previewed decisions when they accept", async () => {
    const waiting = sb.store.table(tableKey("/time/sheets")).list().filter((s) => ["PendingApproval", "ErrorsCorrected", "ApprovedByTierOne"].includes(String(s.status)));
    expect(waiting.length).toBeGreaterThan(0);
    reply = () => ({ action: "decline" });
    const res = await call(asking, "cw_approve_timesheets", { sheet_ids: waiting.map((s) => s.id) });
    expect(res.isError, res.text).toBe(false);
    expect(shown).toHaveLength(1);
    expect(shown[0]!.message).toMatch(/^Approve and reject these time sheets in ConnectWise\?\nPreview only — nothing was sent\./);
    expect(afterNotice(res.text)).toMatch(/^Not sent: the write was declined/);
    expect(writes()).toEqual([]);

    // Accepted: validated again, then exactly the previewed decisions are carried out.
    reply = () => ({ action: "accept", content: { confirm: true } });
    const done = await call(asking, "cw_approve_timesheets", { sheet_ids: waiting.map((s) => s.id) });
    expect(done.isError, done.text).toBe(false);
    expect(afterNotice(done.text)).toMatch(/^Confirmed by the user in the client's dialog\./);
    expect(done.data.preview).toBe(false);
    const acted = done.data.sheets.filter((s: { decision: string }) => s.decision === "approve" || s.decision === "reject");
    expect(acted.length).toBeGreaterThan(0);
    expect(writes().map((w) => w.path.replace(/^.*\/time\/sheets\//, "")).sort()).toEqual(acted.map((s: { id: number; decision: string }) => `${s.id}/${s.decision}`).sort());
  });
});

describe("a client without elicitation", () => {
  it("gets the preview and nothing is sent, as before", async () => {
    const ticket = tickets()[6]!;
    const res = await call(plain, "cw_operation", { name: "add_ticket_note", params: { ticket_id: ticket.id, text: "Preview only" } });
    expect(res.isError, res.text).toBe(false);
    expect(res.text).toMatch(/^Preview only — POST /);
    expect(res.text).toContain('"confirm": true in params');
    expect(res.data.confirmation).toBeUndefined();
    expect(writes()).toEqual([]);
  });
});
