/**
 * cw_approve_timesheets end to end: real MCP over stdio to the built server, real HTTP to a sandbox
 * seeded around today. Decisions come from validation; the sandbox's request log shows what was sent.
 */
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { tableKey } from "../../src/sandbox/references.js";
import type { Row } from "../../src/sandbox/store.js";
import { envFor, startServer } from "../helpers/mcp.js";
import { useE2e, type E2e } from "../helpers/e2e.js";
import { afterNotice } from "../helpers/notice.js";

const h = useE2e({ sandbox: { now: new Date() }, env: { CW_TIMEZONE: "UTC" } });
const call = h.call;
const api = (...args: Parameters<E2e["api"]>) => h.api(...args);

const sheets = () => h.sb.store.table(tableKey("/time/sheets")).list();
const sheet = (id: number) => sheets().find((s) => s.id === id)!;
const writes = () => h.sb.requests.filter((r) => r.method !== "GET");
const lastWeekStart = () => {
  const today = DateTime.utc().startOf("day");
  return today.minus({ days: (today.weekday % 7) + 7 });
};

/** A member's sheet for last week, reopened, with two overlapping entries on its Wednesday, then submitted. */
async function sheetWithOverlap(): Promise<{ sheet: Row; entries: number[] }> {
  const start = lastWeekStart().toISODate()!;
  const s = sheets().find((x) => String(x.dateStart).startsWith(start) && !["Billed", "ReadyToBill", "WrittenOff", "BilledAgreement"].includes(String(x.status)))!;
  if (s.status !== "Open") expect((await api("POST", `/time/sheets/${s.id}/reverse`)).status).toBe(200);
  const member = (s.member as { id: number }).id;
  const wednesday = lastWeekStart().plus({ days: 3, hours: 14 });
  const entry = async (from: DateTime, hours: number) => {
    const res = await api("POST", "/time/entries", { chargeToType: "ChargeCode", chargeToId: 1, member: { id: member }, timeStart: from.toISO({ suppressMilliseconds: true }), actualHours: hours, notes: "Internal documentation clean-up for the approval test." });
    expect(res.status, res.text).toBe(201);
    return res.body.id as number;
  };
  const ids = [await entry(wednesday, 1), await entry(wednesday.plus({ minutes: 30 }), 1)];
  expect((await api("POST", `/time/sheets/${s.id}/submit`)).status).toBe(200);
  return { sheet: sheet(s.id), entries: ids };
}

describe("cw_approve_timesheets", () => {
  it("previews a decision for every sheet from validation, and sends nothing", async () => {
    const waiting = sheets().filter((s) => ["PendingApproval", "ErrorsCorrected", "ApprovedByTierOne"].includes(String(s.status)));
    expect(waiting.length).toBeGreaterThan(0);
    const res = await call("cw_approve_timesheets", { sheet_ids: waiting.map((s) => s.id) });
    expect(res.isError, res.text).toBe(false);
    expect(writes()).toEqual([]);
    expect(res.data.preview).toBe(true);
    expect(afterNotice(res.text)).toMatch(/^Preview only — nothing was sent\./);
    for (const d of res.data.sheets) {
      expect(["approve", "reject", "hold"]).toContain(d.decision);
      // A sheet with an error is rejected; one that is approved has none.
      expect(d.decision === "reject").toBe(d.errors.length > 0);
      if (d.decision === "approve") expect(d.approval_type).toBe(sheet(d.id).status === "ApprovedByTierOne" ? "Tier2Update" : "Tier1Update");
    }
  });

  it("rejects a sheet with errors on confirm, and approves it only when overridden", async () => {
    const { sheet: s, entries } = await sheetWithOverlap();
    h.sb.requests.length = 0;
    const preview = await call("cw_approve_timesheets", { sheet_ids: [s.id] });
    const [d] = preview.data.sheets;
    expect(d).toMatchObject({ id: s.id, decision: "reject" });
    const overlap = d.errors.filter((f: { rule: string }) => f.rule === "overlap");
    expect(overlap.map((f: { entry_id: number }) => f.entry_id)).toEqual(expect.arrayContaining(entries));
    expect(preview.text).toMatch(/Reject \(1\):/);
    expect(writes()).toEqual([]);

    // Warnings allowed or not, errors are never approved without an override.
    const confirmed = await call("cw_approve_timesheets", { sheet_ids: [s.id], confirm: true, allow_warnings: true });
    expect(confirmed.isError, confirmed.text).toBe(false);
    expect(confirmed.data.sheets[0]).toMatchObject({ decision: "reject", outcome: "rejected" });
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([`POST /time/sheets/${s.id}/reject`]);
    expect(sheet(s.id).status).toBe("Rejected");
    expect(confirmed.text).toMatch(/send the reasons above to each technician/);

    expect((await api("POST", `/time/sheets/${s.id}/submit`)).status).toBe(200);
    h.sb.requests.length = 0;
    const overridden = await call("cw_approve_timesheets", { sheet_ids: [s.id], confirm: true, allow_warnings: true, override_sheet_ids: [s.id] });
    expect(overridden.data.sheets[0]).toMatchObject({ decision: "approve", overridden: true, outcome: "approved", approval_type: "Tier1Update" });
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([`POST /time/sheets/${s.id}/approve`]);
    expect(sheet(s.id).status).toBe("ApprovedByTierOne");
  });

  it("approves at tier 2 a sheet tier 1 already approved", async () => {
    const s = sheets().find((x) => x.status === "ApprovedByTierOne")!;
    const res = await call("cw_approve_timesheets", { sheet_ids: [s.id], confirm: true, allow_warnings: true, override_sheet_ids: [s.id] });
    expect(res.data.sheets[0]).toMatchObject({ decision: "approve", approval_type: "Tier2Update", outcome: "approved" });
    expect(sheet(s.id).status).toBe("ApprovedByTierTwo");
  });

  it("selects by member and period, and leaves sheets that are not waiting alone", async () => {
    const open = sheets().find((x) => x.status === "Open")!;
    const member = (open.member as { identifier: string }).identifier;
    const res = await call("cw_approve_timesheets", { member, period: String(open.dateStart).slice(0, 10) });
    expect(res.isError, res.text).toBe(false);
    expect(res.data.sheets.map((d: { id: number }) => d.id)).toEqual([open.id]);
    expect(res.data.sheets[0]).toMatchObject({ decision: "skip", reason: "Open: not submitted for approval yet" });
    expect(res.text).toMatch(/Nothing to approve or reject\./);
  });

  it("refuses bad selections, naming the field", async () => {
    const period = await call("cw_approve_timesheets", { period: "fortnight" });
    expect(period.isError).toBe(true);
    expect(period.text).toMatch(/period: "fortnight" is not a period I can read[\s\S]*last_week/);
    const missing = await call("cw_approve_timesheets", { sheet_ids: [999999] });
    expect(missing.text).toMatch(/sheet_ids: no time sheet 999999/);
    const stray = await call("cw_approve_timesheets", { sheet_ids: [sheets()[0]!.id], override_sheet_ids: [sheets()[1]!.id] });
    expect(stray.text).toMatch(/override_sheet_ids: \d+ is not among the sheets selected/);
    expect(writes()).toEqual([]);
  });

  it("in read-only mode previews but refuses to confirm", async () => {
    const readOnly = await startServer([], { ...envFor(h.sb), CW_TIMEZONE: "UTC", CW_READ_ONLY: "true" });
    try {
      const s = sheets().find((x) => x.status === "PendingApproval") ?? sheets()[0]!;
      expect((await call("cw_approve_timesheets", { sheet_ids: [s.id] }, readOnly)).isError).toBe(false);
      const refused = await call("cw_approve_timesheets", { sheet_ids: [s.id], confirm: true }, readOnly);
      expect(refused.isError).toBe(true);
      expect(refused.text).toMatch(/read-only/);
      expect(writes()).toEqual([]);
    } finally {
      await readOnly.close();
    }
  });
});
