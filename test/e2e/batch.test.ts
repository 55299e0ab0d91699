import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Catalogue } from "../../src/catalogue/catalogue.js";
import { loadConfig } from "../../src/config.js";
import { cataloguePath } from "../../src/paths.js";
import { connectionFromConfig, Runtime } from "../../src/runtime.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { registerBatchTools } from "../../src/tools/batch.js";
import { registrar } from "../../src/tools/registrar.js";
import { client as sandboxClient, sandbox } from "../helpers/sandbox.js";
import { envFor, startServer, textOf, type RunningServer } from "../helpers/mcp.js";
import { afterNotice } from "../helpers/notice.js";

/** Credentials distinct enough to be found if they ever leak into output. */
const SECRETS = { company: "batchmsp", publicKey: "pub-b47c1e90", privateKey: "priv-5e2a8d6f3c1b", clientId: "cid-9a1f3e7c22" };

let sb: Sandbox;
let server: RunningServer;
const outputs: string[] = [];
/** Open tickets, handed out one per use so tests never share a record (some are deleted). */
let pool: { id: number; summary: string }[] = [];
const take = () => pool.shift()!;

beforeAll(async () => {
  sb = await sandbox({ credentials: SECRETS });
  pool = sb.store.table("/service/tickets").list().filter((t) => t.closedFlag === false) as typeof pool;
  server = await startServer([], envFor(sb));
});
afterAll(async () => {
  await server?.close();
  await sb?.close();
});
beforeEach(() => {
  sb.requests.length = 0;
  sb.faults.reset();
});

type CallOptions = Parameters<RunningServer["client"]["callTool"]>[2];

async function batch(args: Record<string, unknown>, options: CallOptions = {}, on: RunningServer = server) {
  const result = await on.client.callTool({ name: "cw_batch_update", arguments: args }, undefined, options);
  outputs.push(JSON.stringify(result));
  return { isError: result.isError === true, text: textOf(result), data: result.structuredContent as Record<string, any> };
}

const writes = () => sb.requests.filter((r) => r.method !== "GET").map(({ method, path, status }) => ({ method, path, status }));
const tickets = () => sb.store.table("/service/tickets");
/** Notes with this text (each test writes texts of its own). */
const notesWith = (text: string) => sb.store.table("/service/tickets/{parentid}/notes").list().filter((n) => n.text === text);
const rename = (id: number, summary: string) => ({ method: "PATCH", path: `/service/tickets/${id}`, body: [{ op: "replace", path: "summary", value: summary }] });
const note = (id: number, text: string) => ({ method: "POST", path: "/service/tickets/{parentId}/notes", params: { parentId: id }, body: { text, internalAnalysisFlag: true } });
const remove = (id: number) => ({ method: "DELETE", path: `/service/tickets/${id}` });

/** Preview a batch; its token. */
async function previewed(operations: unknown[], extra: Record<string, unknown> = {}): Promise<string> {
  const res = await batch({ operations, ...extra });
  expect(res.isError, res.text).toBe(false);
  return res.data.preview_token as string;
}

describe("cw_batch_update: preview, then confirm with the token", () => {
  it("previews every item without writing, then runs them in order with the token", async () => {
    const a = take();
    const b = take();
    const operations = [rename(a.id, "Batch renamed"), note(a.id, "Batch note"), remove(b.id)];
    const preview = await batch({ operations });
    expect(preview.isError).toBe(false);
    expect(writes()).toEqual([]);
    // The preview read exactly the records the PUT/PATCH/DELETE items target.
    expect(sb.requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([`GET /service/tickets/${a.id}`, `GET /service/tickets/${b.id}`].sort());
    const token = preview.data.preview_token;
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(preview.data).toMatchObject({ preview: true, continue_on_error: false, count: 3, expires_at: expect.stringMatching(/Z$/) });
    expect(preview.data.items).toMatchObject([
      { index: 0, method: "PATCH", path: `/service/tickets/${a.id}`, url: `${sb.apiUrl}/service/tickets/${a.id}`, changes: [{ field: "summary", before: a.summary, after: "Batch renamed" }] },
      { index: 1, method: "POST", path: `/service/tickets/${a.id}/notes`, body: { text: "Batch note", internalAnalysisFlag: true } },
      { index: 2, method: "DELETE", changes: [{ field: "(record)", before: `#${b.id} ${b.summary}`, after: "(deleted)" }] },
    ]);
    expect(afterNotice(preview.text)).toMatch(/^Preview only — nothing was sent\. 3 operations, to run in this order; the run stops at the first failure\./);
    expect(preview.text).toContain(`summary: ${JSON.stringify(a.summary)} → "Batch renamed"`);
    expect(preview.text).toContain(`confirm: true and preview_token: "${token}"`);

    // The token is a hash of the plan: the same plan, previewed again, gets the same token.
    expect(await previewed(operations)).toBe(token);

    sb.requests.length = 0;
    const done = await batch({ operations, confirm: true, preview_token: token });
    expect(done.isError, done.text).toBe(false);
    expect(writes()).toEqual([
      { method: "PATCH", path: `/service/tickets/${a.id}`, status: 200 },
      { method: "POST", path: `/service/tickets/${a.id}/notes`, status: 201 },
      { method: "DELETE", path: `/service/tickets/${b.id}`, status: 204 },
    ]);
    expect(done.data).toMatchObject({ preview: false, count: 3, sent: [0, 1, 2], failed: [], not_sent: [] });
    expect(done.data.items).toMatchObject([
      { index: 0, outcome: "sent", status: 200, id: a.id },
      { index: 1, outcome: "sent", status: 201, id: expect.any(Number) },
      { index: 2, outcome: "sent", status: 204, id: b.id },
    ]);
    expect(done.text).toMatch(/^Batch done: all 3 operations sent, in order\./);
    expect(tickets().get(a.id)!.summary).toBe("Batch renamed");
    expect(sb.store.table("/service/tickets/{parentid}/notes").get(done.data.items[1].id)).toMatchObject({ text: "Batch note" });
    expect(tickets().get(b.id)).toBeUndefined();
  });

  it("checks every item against the spec first and refuses the whole batch, naming each bad item", async () => {
    const a = take();
    const res = await batch({
      operations: [
        rename(a.id, "Fine"),
        { method: "POST", path: "/service/tikets", body: { summary: "x" } },
        { method: "POST", path: "/service/tickets", body: { sumary: "x", budgetHours: "lots" } },
        { method: "PATCH", path: "/service/tickets/{id}", body: [] },
        { method: "DELETE", path: "/service/tickets" },
      ],
    });
    expect(res.isError).toBe(true);
    expect(res.data).toBeUndefined();
    expect(res.text).toMatch(/^4 of 5 operations do not fit the ConnectWise spec, so the batch was refused and nothing was sent:/);
    expect(res.text).toContain("operations[1] POST /service/tikets: No ConnectWise endpoint has the path /service/tikets.");
    expect(res.text).toContain("Closest paths: /service/tickets");
    expect(res.text).toContain('operations[2] POST /service/tickets: The body does not fit POST /service/tickets; nothing was sent.\n  - sumary: not a field of Ticket. Did you mean "summary"?');
    expect(res.text).toContain("  - summary: is required.");
    expect(res.text).toContain("  - budgetHours:");
    expect(res.text).toContain('operations[3] PATCH /service/tickets/{id}: The path parameter "id" of PATCH /service/tickets/{id} is missing.');
    expect(res.text).toContain("operations[4] DELETE /service/tickets: /service/tickets has no DELETE.");
    expect(res.text).not.toContain("operations[0]");
    // Not even the records were read.
    expect(sb.requests).toEqual([]);

    const get = await batch({ operations: [{ method: "GET", path: "/service/tickets" }] });
    expect(get.isError).toBe(true);
    const tooMany = await batch({ operations: Array.from({ length: 101 }, () => note(a.id, "x")) });
    expect(tooMany.isError).toBe(true);
    expect(sb.requests).toEqual([]);
  });

  it("normalises dates in bodies the way cw_api_call does, so the token covers what is sent", async () => {
    const a = take();
    const ops = [{ method: "PATCH", path: `/service/tickets/${a.id}`, body: [{ op: "replace", path: "requiredDate", value: "2026-04-01T10:00:00.500+02:00" }] }];
    const preview = await batch({ operations: ops });
    expect(preview.data.items[0].changes[0].after).toBe("2026-04-01T08:00:00Z");
    const done = await batch({ operations: ops, confirm: true, preview_token: preview.data.preview_token });
    expect(done.isError, done.text).toBe(false);
    expect(tickets().get(a.id)!.requiredDate).toBe("2026-04-01T08:00:00Z");
  });
});

describe("refusals send nothing", () => {
  it("refuses a confirmation without a token, and a wrong token", async () => {
    const a = take();
    const operations = [rename(a.id, "Never written")];
    const token = await previewed(operations);
    sb.requests.length = 0;
    const none = await batch({ operations, confirm: true });
    expect(none.isError).toBe(true);
    expect(none.text).toContain("confirm: true needs the preview_token from this batch's preview. Nothing was sent.");
    const wrong = await batch({ operations, confirm: true, preview_token: "0".repeat(32) });
    expect(wrong.isError).toBe(true);
    expect(wrong.text).toContain(`Wrong preview_token: "${"0".repeat(32)}" was not issued by this server`);
    expect(wrong.text).toContain("Nothing was sent.");
    // A token issued for another plan is wrong for this one, too.
    const other = await previewed([rename(a.id, "Another plan")]);
    const crossed = await batch({ operations, confirm: true, preview_token: other });
    expect(crossed.text).toMatch(/^Changed plan: the operations differ from the plan this preview_token was issued for \(operations\[0\] differs\)/);
    expect(writes()).toEqual([]);
    expect(tickets().get(a.id)!.summary).toBe(a.summary);
    // None of that used the real token up.
    const done = await batch({ operations, confirm: true, preview_token: token });
    expect(done.isError, done.text).toBe(false);
  });

  it("refuses a token for a changed plan, saying what changed", async () => {
    const a = take();
    const b = take();
    const operations = [rename(a.id, "Planned"), note(b.id, "Planned note")];
    const token = await previewed(operations);
    sb.requests.length = 0;
    const cases: [unknown[], boolean | undefined, string][] = [
      [[rename(a.id, "Planned"), note(b.id, "A different note")], undefined, "(operations[1] differs)"],
      [[...operations, remove(b.id)], undefined, "(3 operations now, 2 previewed)"],
      [[operations[1], operations[0]], undefined, "(the same operations in a different order)"],
      [operations, true, "(continue_on_error is true now, false in the preview)"],
    ];
    for (const [ops, continueOnError, why] of cases) {
      const res = await batch({ operations: ops, confirm: true, preview_token: token, ...(continueOnError !== undefined ? { continue_on_error: continueOnError } : {}) });
      expect(res.isError).toBe(true);
      expect(res.text).toContain(`Changed plan: the operations differ from the plan this preview_token was issued for ${why}. Nothing was sent.`);
      expect(res.text).toContain("Preview the batch as it is now");
    }
    expect(writes()).toEqual([]);
    expect(tickets().get(a.id)!.summary).toBe(a.summary);
    expect(tickets().get(b.id)).toBeDefined();
  });

  it("refuses a stale token: a targeted record changed since the preview", async () => {
    const a = take();
    const b = take();
    const operations = [note(b.id, "Before the rename"), rename(a.id, "Mine")];
    const token = await previewed(operations);
    // A colleague edits ticket a in ConnectWise after the preview.
    const colleague = await sandboxClient(sb)("PATCH", `/service/tickets/${a.id}`, [{ op: "replace", path: "summary", value: "Edited by a colleague" }]);
    expect(colleague.status).toBe(200);
    sb.requests.length = 0;
    const stale = await batch({ operations, confirm: true, preview_token: token });
    expect(stale.isError).toBe(true);
    expect(stale.text).toMatch(
      new RegExp(`^Stale preview_token: a record the batch writes to changed since the preview, so nothing was sent:\\n  operations\\[1\\] PATCH /service/tickets/${a.id}: last updated \\S+Z at the preview, now \\S+Z by \\S+`),
    );
    // Nothing at all was sent: not even item 0, which targets an unchanged ticket.
    expect(writes()).toEqual([]);
    expect(tickets().get(a.id)!.summary).toBe("Edited by a colleague");
    expect(notesWith("Before the rename")).toEqual([]);
    // Previewing again shows the record as it is now; the same plan gets the same token, which now runs.
    const again = await batch({ operations });
    expect(again.data.preview_token).toBe(token);
    expect(again.data.items[1].changes).toEqual([{ field: "summary", before: "Edited by a colleague", after: "Mine" }]);
    const done = await batch({ operations, confirm: true, preview_token: token });
    expect(done.isError, done.text).toBe(false);
    expect(tickets().get(a.id)!.summary).toBe("Mine");
  });

  it("refuses a stale token: already used", async () => {
    const a = take();
    const operations = [note(a.id, "Only once")];
    const token = await previewed(operations);
    const first = await batch({ operations, confirm: true, preview_token: token });
    expect(first.isError, first.text).toBe(false);
    sb.requests.length = 0;
    const second = await batch({ operations, confirm: true, preview_token: token });
    expect(second.isError).toBe(true);
    expect(second.text).toMatch(/^Stale preview_token: it already ran this batch at \S+Z; a token runs its batch once\. Nothing was sent again\./);
    expect(sb.requests).toEqual([]);
    expect(notesWith("Only once")).toHaveLength(1);
  });

  it("refuses a stale token: expired (the server's clock moved on 15 minutes)", async () => {
    // In process, over the SDK's in-memory transport, so the test can move the token clock.
    const config = loadConfig({ env: envFor(sb), home: mkdtempSync(join(tmpdir(), "cw-batch-home-")) });
    const catalogue = new Catalogue(cataloguePath());
    const runtime = new Runtime(config, catalogue, async () => connectionFromConfig(config));
    const mcp = new McpServer({ name: "batch-clock", version: "1.0.0" });
    let now = Date.parse("2026-03-16T09:00:00Z");
    registerBatchTools(registrar(mcp), runtime, { now: () => now });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const local = new Client({ name: "e2e-test", version: "1.0.0" });
    await Promise.all([mcp.connect(serverSide), local.connect(clientSide)]);
    try {
      const on = { client: local } as RunningServer;
      const a = take();
      const operations = [rename(a.id, "Too late")];
      const preview = await batch({ operations }, {}, on);
      expect(preview.data.expires_at).toBe("2026-03-16T09:15:00Z");
      now += 15 * 60_000 + 1000;
      sb.requests.length = 0;
      const late = await batch({ operations, confirm: true, preview_token: preview.data.preview_token }, {}, on);
      expect(late.isError).toBe(true);
      expect(late.text).toContain("Stale preview_token: it expired at 2026-03-16T09:15:00Z (tokens last 15 minutes after the preview). Nothing was sent.");
      expect(sb.requests).toEqual([]);
      expect(tickets().get(a.id)!.summary).toBe(a.summary);
    } finally {
      await local.close();
      await mcp.close();
      catalogue.close();
    }
  });
});

describe("running: outcomes per item, never a silent partial", () => {
  it("stops at the first failure and says which items were sent and which were not", async () => {
    const [a, b, c] = [take(), take(), take()];
    // Item 2 fails only at run time: item 1 deletes the ticket it patches.
    const operations = [rename(a.id, "Stop test"), remove(b.id), rename(b.id, "Too late"), note(c.id, "Never sent")];
    const token = await previewed(operations);
    sb.requests.length = 0;
    const res = await batch({ operations, confirm: true, preview_token: token });
    expect(res.isError).toBe(true);
    expect(writes()).toEqual([
      { method: "PATCH", path: `/service/tickets/${a.id}`, status: 200 },
      { method: "DELETE", path: `/service/tickets/${b.id}`, status: 204 },
      { method: "PATCH", path: `/service/tickets/${b.id}`, status: 404 },
    ]);
    expect(res.data).toMatchObject({ preview: false, sent: [0, 1], failed: [2], not_sent: [3] });
    expect(res.data.items).toMatchObject([
      { index: 0, outcome: "sent", status: 200 },
      { index: 1, outcome: "sent", status: 204 },
      { index: 2, outcome: "failed", status: 404, error: expect.stringContaining(`PATCH /service/tickets/${b.id} failed (HTTP 404`) },
      { index: 3, outcome: "not_sent" },
    ]);
    expect(res.text).toMatch(/^Batch stopped at operations\[2\]: 2 of 4 sent, 1 failed, 1 not sent\.\nSent: operations\[0\], operations\[1\]\. Failed: operations\[2\]\. Not sent: operations\[3\]\./);
    expect(res.text).toContain(`operations[3] POST /service/tickets/${c.id}/notes: not sent (an earlier operation failed)`);
    expect(res.text).toContain("The operations that were sent are not undone.");
    expect(notesWith("Never sent")).toEqual([]);
  });

  it("with continue_on_error, runs the rest after a failure and reports each item, with progress", async () => {
    const [a, b, c] = [take(), take(), take()];
    const operations = [note(a.id, "First"), rename(b.id, "Rejected"), note(c.id, "Third")];
    const token = await previewed(operations, { continue_on_error: true });
    sb.requests.length = 0;
    sb.faults.update({ script: [{ method: "PATCH", status: 400 }] });
    const progress: number[] = [];
    const res = await batch({ operations, continue_on_error: true, confirm: true, preview_token: token }, { onprogress: (p) => progress.push(p.progress) });
    expect(res.isError).toBe(true);
    expect(writes()).toEqual([
      { method: "POST", path: `/service/tickets/${a.id}/notes`, status: 201 },
      { method: "PATCH", path: `/service/tickets/${b.id}`, status: 400 },
      { method: "POST", path: `/service/tickets/${c.id}/notes`, status: 201 },
    ]);
    expect(res.data).toMatchObject({ continue_on_error: true, sent: [0, 2], failed: [1], not_sent: [] });
    expect(res.data.items[1]).toMatchObject({ outcome: "failed", status: 400, error: expect.stringContaining("Injected 400 response.") });
    expect(res.text).toMatch(/^Batch finished with failures \(continue_on_error\): 2 of 3 sent, 1 failed\.\nSent: operations\[0\], operations\[2\]\. Failed: operations\[1\]\. Not sent: none\./);
    // The SDK client may drop a progress notification that arrives together with the result.
    expect(progress.slice(0, 2)).toEqual([1, 2]);
    expect(notesWith("Third")).toHaveLength(1);
    expect(tickets().get(b.id)!.summary).toBe(b.summary);
  });

  it("stops before the next item when the client cancels, and says on stderr what was sent", async () => {
    const a = take();
    const operations = Array.from({ length: 5 }, (_, i) => note(a.id, `Cancel test ${i}`));
    const token = await previewed(operations);
    sb.requests.length = 0;
    sb.faults.update({ script: [{ method: "POST", delayMs: 400, times: 5 }] });
    const controller = new AbortController();
    const pending = server.client.callTool({ name: "cw_batch_update", arguments: { operations, confirm: true, preview_token: token } }, undefined, {
      signal: controller.signal,
      onprogress: () => controller.abort(),
    });
    await expect(pending).rejects.toThrow();
    const said = await server.waitForStderr(/Batch cancelled: \d of 5 sent, 0 failed, \d not sent\./, 10_000);
    const sent = writes().length;
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThan(5);
    expect(said).toContain(`Batch cancelled: ${sent} of 5 sent, 0 failed, ${5 - sent} not sent.`);
    await new Promise((r) => setTimeout(r, 500));
    expect(writes().length).toBe(sent);
  });

  it("refuses the whole batch in read-only mode, reading and writing nothing", async () => {
    const ro = await startServer([], { ...envFor(sb), CW_READ_ONLY: "true" });
    try {
      const a = take();
      for (const args of [{ operations: [rename(a.id, "x")] }, { operations: [rename(a.id, "x")], confirm: true, preview_token: "0".repeat(32) }]) {
        const res = await batch(args, {}, ro);
        expect(res.isError).toBe(true);
        expect(res.text).toContain("This server is read-only (CW_READ_ONLY is set): cw_batch_update sends no writes");
      }
      expect(sb.requests).toEqual([]);
    } finally {
      await ro.close();
    }
  });

  it("keeps credentials out of every output", () => {
    outputs.push(server.stderr());
    const all = outputs.join("\n");
    expect(outputs.length).toBeGreaterThan(20);
    const basic = Buffer.from(`${SECRETS.company}+${SECRETS.publicKey}:${SECRETS.privateKey}`).toString("base64");
    for (const secret of [SECRETS.privateKey, SECRETS.publicKey, SECRETS.clientId, basic]) expect(all).not.toContain(secret);
  });
});
