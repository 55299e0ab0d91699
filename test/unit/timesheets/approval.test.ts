import { describe, expect, it } from "vitest";
import { decide, findingsOf, PeriodError, periodRange, type SheetRow } from "../../../src/timesheets/approval.js";
import type { Finding } from "../../../src/timesheets/types.js";

const sheet = (id: number, member: string, status: string, start = "2026-03-08"): SheetRow => ({ id, member, status, dateStart: `${start}T00:00:00Z`, dateEnd: "2026-03-14T00:00:00Z", hours: 40 });
const finding = (member: string, date: string, severity: Finding["severity"], rule: Finding["rule"] = "overlap", sheet_id?: number): Finding => ({
  rule, severity, member, date, message: `${rule} on ${date}`, ...(sheet_id !== undefined ? { sheet_id } : {}),
});

describe("findingsOf", () => {
  it("takes a finding by sheet id, or by member and a date inside the sheet", () => {
    const s = sheet(7, "lcruz", "PendingApproval");
    const mine = [finding("lcruz", "2026-03-08", "error"), finding("LCRUZ", "2026-03-14", "warning"), finding("x", "2026-03-01", "error", "overlap", 7)];
    const others = [finding("lcruz", "2026-03-15", "error"), finding("bgreen", "2026-03-10", "error"), finding("lcruz", "2026-03-10", "error", "overlap", 8)];
    expect(findingsOf(s, [...mine, ...others])).toEqual(mine);
  });
});

describe("decide", () => {
  const sheets = [
    sheet(1, "clean", "PendingApproval"),
    sheet(2, "erring", "PendingApproval"),
    sheet(3, "warned", "ErrorsCorrected"),
    sheet(4, "tier2", "ApprovedByTierOne"),
    sheet(5, "open", "Open"),
    sheet(6, "billed", "Billed"),
  ];
  const findings = [
    finding("erring", "2026-03-09", "error", "overlap"),
    finding("erring", "2026-03-10", "error", "future_dated"),
    finding("erring", "2026-03-10", "warning", "rounding"),
    finding("warned", "2026-03-11", "warning", "billable_notes"),
    finding("open", "2026-03-11", "error", "overlap"),
  ];

  it("approves clean sheets at the right tier, rejects errors with reasons, holds warnings, leaves the rest", () => {
    const d = Object.fromEntries(decide(sheets, findings).map((x) => [x.sheet.id, x]));
    expect(d[1]).toMatchObject({ decision: "approve", approvalType: "Tier1Update", reason: "no findings" });
    expect(d[2]).toMatchObject({ decision: "reject", reason: "2 errors: 1 overlap, 1 future_dated" });
    expect(d[2]!.errors).toHaveLength(2);
    expect(d[3]).toMatchObject({ decision: "hold" });
    expect(d[3]!.reason).toMatch(/allow_warnings: true/);
    expect(d[4]).toMatchObject({ decision: "approve", approvalType: "Tier2Update" });
    expect(d[5]).toMatchObject({ decision: "skip", reason: "Open: not submitted for approval yet" });
    expect(d[6]).toMatchObject({ decision: "skip", reason: "Billed: not waiting for approval" });
  });

  it("never approves a sheet with errors unless that very sheet is overridden", () => {
    const allowing = Object.fromEntries(decide(sheets, findings, { allowWarnings: true }).map((x) => [x.sheet.id, x]));
    expect(allowing[2]!.decision).toBe("reject");
    expect(allowing[3]!.decision).toBe("approve");
    const overridden = Object.fromEntries(decide(sheets, findings, { overrideSheetIds: [2] }).map((x) => [x.sheet.id, x]));
    expect(overridden[2]).toMatchObject({ decision: "approve", overridden: true });
    expect(overridden[2]!.reason).toMatch(/override despite 2 errors/);
    expect(overridden[3]!.decision).toBe("hold");
    // Overriding a sheet that is not waiting does not make it actionable.
    expect(decide(sheets, findings, { overrideSheetIds: [5] }).find((x) => x.sheet.id === 5)!.decision).toBe("skip");
  });
});

describe("periodRange", () => {
  const monday = new Date("2026-03-16T15:00:00Z");
  it("reads weeks Sunday to Saturday in the MSP's zone", () => {
    expect(periodRange(undefined, "America/Chicago", monday)).toEqual({ start: "2026-03-08", end: "2026-03-14" });
    expect(periodRange("this week", "America/Chicago", monday)).toEqual({ start: "2026-03-15", end: "2026-03-21" });
    expect(periodRange("2026-03-04", "America/Chicago", monday)).toEqual({ start: "2026-03-01", end: "2026-03-07" });
    expect(periodRange("2026-03-01..2026-03-31", "UTC", monday)).toEqual({ start: "2026-03-01", end: "2026-03-31" });
    // 03:00Z on Monday is still Sunday evening in Chicago: "this week" started that Sunday.
    expect(periodRange("this_week", "America/Chicago", new Date("2026-03-16T03:00:00Z"))).toEqual({ start: "2026-03-15", end: "2026-03-21" });
  });

  it("refuses what it cannot read", () => {
    for (const bad of ["fortnight", "2026-02-30", "2026-03-31..2026-03-01", "2026-3-1"]) expect(() => periodRange(bad, "UTC", monday)).toThrow(PeriodError);
  });
});
