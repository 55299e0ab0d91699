/**
 * Timesheet tools end to end: real MCP over stdio to the built server, real HTTP to an in-process
 * sandbox seeded around today. CW_TIMEZONE is UTC so local days are the UTC days the seed plants its
 * problems on (planted.ts). Every expectation is worked out from the sandbox's own records.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tableKey } from "../../src/sandbox/references.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import type { Row } from "../../src/sandbox/store.js";
import { envFor, startServer, textOf, type RunningServer } from "../helpers/mcp.js";
import { client, sandbox } from "../helpers/sandbox.js";
import { afterNotice } from "../helpers/notice.js";

const DAY = 86_400_000;
let sb: Sandbox;
let server: RunningServer;
let api: ReturnType<typeof client>;
let today: number;
let start: string;
let end: string;

beforeAll(async () => {
  sb = await sandbox({ now: new Date() });
  api = client(sb);
  today = Date.parse(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  start = new Date(today - 35 * DAY).toISOString().slice(0, 10);
  end = new Date(today + 10 * DAY).toISOString().slice(0, 10);
  server = await startServer([], { ...envFor(sb), CW_TIMEZONE: "UTC" });
});
afterAll(async () => {
  await server?.close();
  await sb?.close();
});
beforeEach(() => {
  sb.requests.length = 0;
  sb.faults.reset();
});

interface Finding {
  rule: string;
  severity: string;
  member: string;
  date: string;
  entry_id?: number;
  sheet_id?: number;
  message: string;
}

async function call(name: string, args: Record<string, unknown>) {
  const result = await server.client.callTool({ name, arguments: args });
  return { isError: result.isError === true, text: textOf(result), data: result.structuredContent as Record<string, any> };
}
const validate = (args: Record<string, unknown>) => call("cw_validate_timesheets", args);

const rows = (template: string) => sb.store.table(tableKey(template)).list();
const ref = (r: Row, key: string) => (r[key] as { id?: number; identifier?: string } | undefined) ?? {};
const entries = () => rows("/time/entries");
const byId = () => new Map(entries().map((e) => [e.id, e]));
/** In the window: timeStart from `start` 00:00 to the day after `end` (UTC). */
const inWindow = (e: Row | undefined) => !!e && String(e.timeStart) >= `${start}T00:00:00Z` && String(e.timeStart) < new Date(Date.parse(`${end}T00:00:00Z`) + DAY).toISOString().replace(".000", "");
const ids = (findings: Finding[], rule: string) => new Set(findings.filter((f) => f.rule === rule).map((f) => f.entry_id));
const sorted = (s: Iterable<number | undefined>) => [...s].map(Number).sort((a, b) => a - b);
const members = () => new Map(rows("/system/members").map((m) => [m.id, m]));
const accrualTypes = () => new Map(rows("/time/workTypes").filter((w) => w.accrualType).map((w) => [w.id, String(w.accrualType)]));
const grantsOf = (memberId: number, year: number) => {
  const out = new Map<string, number>();
  for (const g of sb.store.table(tableKey("/system/members/{parentId}/accruals")).list(String(memberId))) {
    if (g.year === year) out.set(String(g.accrualType), (out.get(String(g.accrualType)) ?? 0) + Number(g.hours));
  }
  return out;
};

/** Accrual-type entries that take a member's year past the grant, taken in time order (as rules.ts defines it). */
function overAccrual(): Set<number> {
  const types = accrualTypes();
  const used = new Map<string, number>();
  const over = new Set<number>();
  const list = entries().filter((e) => types.has(ref(e, "workType").id!)).sort((a, b) => String(a.timeStart).localeCompare(String(b.timeStart)) || a.id - b.id);
  for (const e of list) {
    const member = ref(e, "member").id!;
    const year = Number(String(e.timeStart).slice(0, 4));
    const type = types.get(ref(e, "workType").id!)!;
    const key = `${member}:${year}:${type}`;
    const total = (used.get(key) ?? 0) + Number(e.actualHours);
    used.set(key, total);
    if (total > (grantsOf(member, year).get(type) ?? 0) + 1e-9 && inWindow(e)) over.add(e.id);
  }
  return over;
}

describe("cw_validate_timesheets over the sandbox's recent weeks", () => {
  let findings: Finding[];
  let data: Record<string, any>;
  let text: string;

  beforeAll(async () => {
    const res = await validate({ start, end });
    expect(res.isError, res.text).toBe(false);
    ({ data, text } = res);
    findings = data.findings;
  });

  it("runs every rule and covers the window", () => {
    expect(data.skipped).toEqual([]);
    expect(data.zone).toBe("UTC");
    expect(data.from).toBe(`${start}T00:00:00Z`);
    expect(data.entries).toBe(entries().filter(inWindow).length);
    for (const f of findings) {
      expect(f.date >= start && f.date <= end, `${f.date} in ${start}..${end}`).toBe(true);
      expect(f.message).toContain(`[${f.rule}]`);
      expect(f.message).toContain("Fix: ");
    }
    const total = Object.values(data.counts.by_rule as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(total).toBe(findings.length);
  });

  it("finds every planted overlap, missing note, bad rounding and future entry, and nothing else under those rules", () => {
    const planted = sb.seed.planted;
    const all = byId();
    const window = (list: number[]) => sorted(list.filter((id) => inWindow(all.get(id))));
    expect(sorted(ids(findings, "overlap"))).toEqual(window(planted.overlappingTimeEntries.flat()));
    expect(sorted(ids(findings, "billable_notes"))).toEqual(window(planted.timeEntriesMissingNotes));
    expect(sorted(ids(findings, "rounding"))).toEqual(window(planted.badlyRoundedTimeEntries));
    expect(sorted(ids(findings, "future_dated"))).toEqual(window(planted.futureTimeEntries));
    expect(planted.overlappingTimeEntries.length).toBeGreaterThan(0);
    expect(planted.futureTimeEntries.every((id) => inWindow(all.get(id)))).toBe(true);
    for (const f of findings.filter((x) => ["overlap", "future_dated"].includes(x.rule))) expect(f.severity).toBe("error");
  });

  it("finds the planted overtime days (per member and day) and nothing else day by day", () => {
    const who = members();
    const planted = sb.seed.planted.overtimeDays.filter((d) => d.date >= start && d.date <= end).map((d) => `${String(who.get(d.memberId)!.identifier)} ${d.date}`).sort();
    expect(planted.length).toBeGreaterThan(0);
    const daily = findings.filter((f) => f.rule === "overtime" && / on \w{3} \d{4}-/.test(f.message)).map((f) => `${f.member} ${f.date}`).sort();
    expect(daily).toEqual(planted);
    for (const f of findings.filter((x) => x.rule === "overtime")) expect(f.entry_id).toBeUndefined();
  });

  it("finds time entered on closed tickets (every planted id) and on ended agreements, as the store says", () => {
    const all = byId();
    const planted = sb.seed.planted.timeOnClosedTickets.filter((id) => inWindow(all.get(id)));
    expect(planted.length).toBeGreaterThan(0);
    const tickets = new Map([...rows("/service/tickets"), ...rows("/project/tickets")].map((t) => [`${String(t.recordType ?? "ProjectTicket")}:${t.id}`, t]));
    const projectTickets = new Map(rows("/project/tickets").map((t) => [t.id, t]));
    const agreements = new Map(rows("/finance/agreements").map((a) => [a.id, a]));
    const expected = entries().filter((e) => {
      if (!inWindow(e)) return false;
      const t = e.chargeToType === "ServiceTicket" ? tickets.get(`ServiceTicket:${e.chargeToId}`) : e.chargeToType === "ProjectTicket" ? projectTickets.get(Number(e.chargeToId)) : undefined;
      if (t?.closedFlag === true && typeof t.closedDate === "string" && String(e.timeStart) >= t.closedDate) return true;
      const a = agreements.get(ref(e, "agreement").id!);
      if (!a) return false;
      if (typeof a.endDate === "string" && a.noEndingDateFlag !== true && String(e.timeStart).slice(0, 10) > a.endDate.slice(0, 10)) return true;
      return a.cancelledFlag === true && typeof a.dateCancelled === "string" && String(e.timeStart) >= a.dateCancelled;
    });
    const found = ids(findings, "closed_target");
    for (const id of planted) expect(found.has(id), `planted entry ${id} on a closed ticket`).toBe(true);
    expect(sorted(found)).toEqual(sorted(expected.map((e) => e.id)));
    for (const id of planted) expect(findings.find((f) => f.entry_id === id && f.rule === "closed_target")!.message).toMatch(/was worked after ticket #\d+ .*closed/);
  });

  it("finds the time off beyond each member's grant", () => {
    expect(sorted(ids(findings, "accrual_balance"))).toEqual(sorted(overAccrual()));
  });

  it("dates entry findings to the entry's day and sheet", () => {
    const all = byId();
    for (const f of findings.filter((x) => x.entry_id !== undefined)) {
      const e = all.get(f.entry_id!)!;
      expect(f.date).toBe(String(e.timeStart).slice(0, 10));
      expect(f.sheet_id).toBe(ref(e, "timeSheet").id);
      expect(f.member).toBe(ref(e, "member").identifier);
    }
    const sheetIds = new Set(data.sheets.map((s: { id: number }) => s.id));
    for (const f of findings.filter((x) => x.sheet_id !== undefined)) expect(sheetIds.has(f.sheet_id)).toBe(true);
  });

  it("answers in text with counts first, then findings grouped by member and day", () => {
    expect(afterNotice(text)).toMatch(/^Timesheet validation \S+ to \S+ \(UTC\): \d+ entries, \d+ members?, \d+ time sheets?\.\nFindings: \d+ — \d+ errors?, \d+ warnings?, \d+ info\.\nBy rule: rounding \d+ · overlap \d+/);
    const firstMember = findings[0]!.member;
    expect(text).toMatch(new RegExp(`\\n${firstMember}( — [^:]+)?: \\d+ errors?`));
    expect(text).toMatch(/\n {2}\w{3} \d{4}-\d{2}-\d{2}\n {4}[✖▲·] /);
    expect(text.length).toBeLessThan(12_500);
  });

  it("kept every request URL under 2,000 characters and read in two rounds", () => {
    // Re-run to see this call's requests alone.
    return (async () => {
      sb.requests.length = 0;
      await validate({ start, end });
      for (const r of sb.requests) expect(`${sb.apiUrl}${r.path}?${new URLSearchParams(r.query).toString()}`.length).toBeLessThan(2000);
      expect(sb.requests.filter((r) => r.path === "/time/entries").length).toBeLessThanOrEqual(3);
    })();
  });
});

describe("cw_validate_timesheets for one member, chosen rules and options", () => {
  it("validates one member's entries only", async () => {
    const counts = new Map<string, number>();
    for (const e of entries()) if (inWindow(e)) counts.set(String(ref(e, "member").identifier), (counts.get(String(ref(e, "member").identifier)) ?? 0) + 1);
    const [identifier] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    const res = await validate({ member: identifier, start, end });
    expect(res.isError, res.text).toBe(false);
    expect(res.data.members.map((m: { identifier: string }) => m.identifier)).toEqual([identifier]);
    expect(res.data.entries).toBe(counts.get(identifier));
    expect(res.data.findings.length).toBeGreaterThan(0);
    for (const f of res.data.findings as Finding[]) expect(f.member).toBe(identifier);
    for (const s of res.data.sheets) expect(s.member).toBe(identifier);
    const memberId = [...members().values()].find((m) => m.identifier === identifier)!.id;
    const entryReads = sb.requests.filter((r) => r.path === "/time/entries");
    expect(entryReads[0]!.query.conditions).toContain(`member/id = ${memberId}`);
  });

  it("runs only the rules asked for, with a configured increment", async () => {
    const res = await validate({ start, end, rules: ["rounding"], options: { increment: 0.5 } });
    expect(res.isError, res.text).toBe(false);
    const expected = entries().filter((e) => inWindow(e) && Math.abs(Number(e.actualHours) - Math.round(Number(e.actualHours) / 0.5) * 0.5) > 0.005 + 1e-9);
    expect(sorted(ids(res.data.findings, "rounding"))).toEqual(sorted(expected.map((e) => e.id)));
    expect(new Set(res.data.findings.map((f: Finding) => f.rule))).toEqual(new Set(["rounding"]));
    expect(res.text).toContain("By rule: rounding");
    expect(res.text).not.toContain("overlap");
    // Only the entries, sheets and members were read: no calendars, tickets or accruals for rounding.
    expect(sb.requests.some((r) => r.path.startsWith("/schedule") || r.path.startsWith("/service/tickets") || r.path.includes("/accruals"))).toBe(false);
  });

  it("reports a rule whose data could not be read as skipped, and runs the others", async () => {
    sb.faults.update({ script: [{ path: "/schedule/holidayLists", status: 500, times: 5 }] });
    const res = await validate({ start, end, rules: ["outside_hours", "under_reporting", "overlap"] });
    expect(res.isError, res.text).toBe(false);
    expect(res.data.skipped.map((s: { rule: string }) => s.rule).sort()).toEqual(["outside_hours", "under_reporting"]);
    expect(res.data.skipped[0].reason).toMatch(/^holidays could not be read: /);
    expect(res.text).toContain("Skipped outside_hours: holidays could not be read");
    expect(ids(res.data.findings, "overlap").size).toBeGreaterThan(0);
  });
});

describe("cw_accrual_balance", () => {
  const approved = new Set(["ApprovedByTierOne", "ApprovedByTierTwo", "ReadyToBill", "Billed", "BilledAgreement", "WrittenOff"]);
  function expectedBalances(memberId: number, year = new Date().getUTCFullYear()) {
    const types = accrualTypes();
    const sheets = new Map(rows("/time/sheets").map((s) => [s.id, String(s.status)]));
    const out = new Map<string, { granted: number; used: number; pending: number }>();
    for (const [type, hours] of grantsOf(memberId, year)) out.set(type, { granted: hours, used: 0, pending: 0 });
    for (const e of entries()) {
      const type = types.get(ref(e, "workType").id!);
      if (!type || ref(e, "member").id !== memberId || !String(e.timeStart).startsWith(String(year))) continue;
      const b = out.get(type) ?? { granted: 0, used: 0, pending: 0 };
      const status = sheets.get(ref(e, "timeSheet").id!) ?? String(e.status);
      if (approved.has(status) && Date.parse(String(e.timeStart)) <= Date.now()) b.used += Number(e.actualHours);
      else b.pending += Number(e.actualHours);
      out.set(type, b);
    }
    return out;
  }

  it("answers granted, used, pending and available per type, as the store has them", async () => {
    const member = [...members().values()].find((m) => m.identifier !== "sandbox-api" && m.inactiveFlag !== true)!;
    // Two months back: a year with approved time off in it even in January.
    const year = new Date(today - 60 * DAY).getUTCFullYear();
    const res = await call("cw_accrual_balance", { member: member.identifier, year });
    expect(res.isError, res.text).toBe(false);
    expect(res.data.member).toMatchObject({ id: member.id, identifier: member.identifier });
    expect(res.data.year).toBe(year);
    const expected = expectedBalances(member.id, year);
    expect(res.data.balances.map((b: { type: string }) => b.type).sort()).toEqual([...expected.keys()].sort());
    for (const b of res.data.balances) {
      const want = expected.get(b.type)!;
      expect(b.granted).toBeCloseTo(want.granted, 2);
      expect(b.used).toBeCloseTo(want.used, 2);
      expect(b.pending).toBeCloseTo(want.pending, 2);
      expect(b.available).toBeCloseTo(want.granted - want.used - want.pending, 2);
    }
    expect(res.data.balances.some((b: { used: number }) => b.used > 0)).toBe(true);
    expect(afterNotice(res.text)).toMatch(new RegExp(`^[^\\n]+\\(${member.identifier}\\) — time off ${year}`));
    expect(res.text).toMatch(/- Vacation: -?[\d.]+ h available of [\d.]+ h granted · used [\d.]+ h · pending [\d.]+ h/);
  });

  it("finds PTO booked beyond the balance (created through the API) and shows it as pending", async () => {
    const member = [...members().values()].find((m) => m.identifier !== "sandbox-api" && m.inactiveFlag !== true && Number(m.dailyCapacity) > 0)!;
    const ptoType = rows("/time/workTypes").find((w) => w.accrualType === "PTO")!;
    const ptoCode = rows("/time/chargeCodes").find((c) => ref(c, "workType").id === ptoType.id)!;
    const before = expectedBalances(member.id).get("PTO") ?? { granted: 0, used: 0, pending: 0 };
    const day = new Date(today).toISOString().slice(0, 10);
    // Nine hours: more than the 8 h floating holiday a year grants, whatever was taken already.
    const created = await api("POST", "/time/entries", {
      chargeToId: ptoCode.id, chargeToType: "ChargeCode", member: { id: member.id }, workType: { id: ptoType.id },
      timeStart: `${day}T08:00:00Z`, timeEnd: `${day}T17:00:00Z`, billableOption: "NoCharge", notes: "PTO - personal day off",
    });
    expect(created.status, created.text).toBe(201);
    try {
      expect(before.granted - before.used - before.pending).toBeLessThan(9);
      const res = await validate({ member: member.identifier, start: day, end: day, rules: ["accrual_balance"] });
      expect(res.isError, res.text).toBe(false);
      const f = (res.data.findings as Finding[]).find((x) => x.entry_id === created.body.id);
      expect(f, res.text).toBeDefined();
      expect(f).toMatchObject({ rule: "accrual_balance", severity: "error", member: member.identifier, date: day });
      expect(f!.message).toMatch(/PTO time for \d{4} to [\d.]+ h of [\d.]+ h granted/);

      // No year: this year, in CW_TIMEZONE.
      const balance = await call("cw_accrual_balance", { member: member.id });
      expect(balance.data.year).toBe(new Date(today).getUTCFullYear());
      const pto = balance.data.balances.find((b: { type: string }) => b.type === "PTO");
      expect(pto.pending).toBeCloseTo(before.pending + 9, 2);
      expect(pto.available).toBeLessThan(0);
      expect(balance.text).toMatch(/PTO: -[\d.]+ h available .*⚠ [\d.]+ h over/);
    } finally {
      expect((await api("DELETE", `/time/entries/${created.body.id}`)).status).toBe(204);
    }
  });
});

describe("invalid input", () => {
  it("names the field and the fix", async () => {
    const bad = await validate({ start: "someday", end: "today" });
    expect(bad.isError).toBe(true);
    expect(bad.text).toMatch(/start: "someday" is not a date I can read/);
    expect(bad.text).toContain("2025-03-01");

    const reversed = await validate({ start: "2026-03-10", end: "2026-03-01" });
    expect(reversed.isError).toBe(true);
    expect(reversed.text).toContain("end (2026-03-01) is before start (2026-03-10)");
    expect(reversed.text).toContain("Swap them");

    const long = await validate({ start: "2026-01-01", end: "2026-12-31" });
    expect(long.isError).toBe(true);
    expect(long.text).toMatch(/at most 93 days/);

    const rule = await validate({ start, end, rules: ["overlaps"] });
    expect(rule.isError).toBe(true);
    expect(rule.text).toContain("rules");
    expect(rule.text).toContain("overlap");

    const hours = await validate({ start, end, options: { businessStart: "8am" } });
    expect(hours.isError).toBe(true);
    expect(hours.text).toContain('options.businessStart: "8am" is not a time of day');

    expect(sb.requests.filter((r) => r.path === "/time/entries")).toEqual([]);
  });

  it("answers an unknown member with candidates", async () => {
    const someone = [...members().values()].find((m) => m.identifier !== "sandbox-api")!;
    const res = await validate({ member: String(someone.identifier).slice(0, -1) + "zz", start, end });
    expect(res.isError).toBe(true);
    expect(res.text).toMatch(/Parameter "member": ".+" matches no member\./);
    expect(res.text).toContain("Candidates:");
    const balance = await call("cw_accrual_balance", { member: "nobody-here" });
    expect(balance.isError).toBe(true);
    expect(balance.text).toContain("Candidates:");
  });
});
