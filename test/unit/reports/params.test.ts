import { describe, expect, it } from "vitest";
import type { ReportDefinition } from "../../../src/reports/definitions.js";
import { reportUrl, resolveDay, resolveParams } from "../../../src/reports/params.js";

const def: ReportDefinition = {
  id: "time-by-member",
  name: "Time by Member",
  description: "d",
  path: "/{version}/reports/time-by-member",
  params: [
    { name: "start", type: "date", description: "First day", required: true, default: "-7d" },
    { name: "end", type: "date", description: "Last day", required: true, default: "yesterday" },
    { name: "status", type: "choice", description: "Status", choices: ["Active", "Cancelled"] },
    { name: "member", type: "text", description: "Member", query: "memberIdentifier" },
  ],
  extract: { kind: "csv", trigger: "#export-csv" },
};
// 03:30 UTC on 16 March is still 15 March in Chicago.
const NOW = new Date("2026-03-16T03:30:00Z");

describe("report parameters", () => {
  it("fills defaults, counting relative days in CW_TIMEZONE", () => {
    expect(resolveParams(def, {}, "America/Chicago", NOW).values).toEqual({ start: "2026-03-08", end: "2026-03-14" });
    expect(resolveParams(def, {}, "UTC", NOW).values).toEqual({ start: "2026-03-09", end: "2026-03-15" });
  });

  it("canonicalises what was given: names and choices in any case, trimmed text", () => {
    const r = resolveParams(def, { START: "2026-01-05", end: "2026-01-11", status: "cancelled", member: "  jsmith " }, "UTC", NOW);
    expect(r.values).toEqual({ start: "2026-01-05", end: "2026-01-11", status: "Cancelled", member: "jsmith" });
    expect(r.key).toBe('{"end":"2026-01-11","member":"jsmith","start":"2026-01-05","status":"Cancelled"}');
  });

  it("gives the same key however the same values were asked for", () => {
    const a = resolveParams(def, { start: "-7d", end: "yesterday" }, "UTC", NOW).key;
    const b = resolveParams(def, { end: "2026-03-15", start: "2026-03-09" }, "UTC", NOW).key;
    expect(a).toBe(b);
  });

  it.each([
    [{ start: "soon" }, /not a date/],
    [{ start: "2026-02-30" }, /not a date/],
    [{ status: "Open" }, /one of Active, Cancelled/],
    [{ colour: "red" }, /has no parameter "colour"/],
    [{ member: "x".repeat(201) }, /longer than 200/],
  ])("refuses %j", (given, message) => {
    expect(() => resolveParams(def, given, "UTC", NOW)).toThrow(message);
  });

  it("asks for a required parameter without a default", () => {
    const strict = { ...def, params: [{ name: "start", type: "date" as const, description: "First day", required: true }] };
    expect(() => resolveParams(strict, {}, "UTC", NOW)).toThrow(/needs the parameter "start"/);
  });

  it("reads days and offsets", () => {
    expect(resolveDay("today", "UTC", NOW)).toBe("2026-03-16");
    expect(resolveDay("-2w", "UTC", NOW)).toBe("2026-03-02");
    expect(resolveDay("-1m", "UTC", NOW)).toBe("2026-02-16");
    expect(resolveDay("+3d", "UTC", NOW)).toBe("2026-03-19");
    expect(resolveDay("2024-02-29", "UTC", NOW)).toBe("2024-02-29");
    expect(resolveDay("2025-02-29", "UTC", NOW)).toBeUndefined();
  });

  it("builds the URL on the web origin with CW_WEB_VERSION and the query names", () => {
    const url = reportUrl(def, "https://na.myconnectwise.net", "v2026_1", { start: "2026-01-05", end: "2026-01-11", member: "a b&c" });
    expect(url).toBe("https://na.myconnectwise.net/v2026_1/reports/time-by-member?start=2026-01-05&end=2026-01-11&memberIdentifier=a+b%26c");
  });

  it("keeps a definition's path on the web origin, whatever it looks like, and its values in the query", () => {
    const on = (path: string, values: Record<string, string> = {}) => new URL(reportUrl({ ...def, path, params: [] }, "https://na.myconnectwise.net", "v2026_1", values));
    for (const path of ["//127.0.0.1:9/x", "/\\127.0.0.1:9/x", "/\\/evil.example/x", "//user@evil.example/x", "/{version}/../../x"]) {
      expect(on(path).origin, path).toBe("https://na.myconnectwise.net");
    }
    expect(on("//127.0.0.1:9/x").pathname).toBe("//127.0.0.1:9/x");
    const hostile = reportUrl(def, "https://na.myconnectwise.net", "v2026_1", { start: "2026-01-05", end: "2026-01-11", member: "x&redirect=//127.0.0.1:9#/../" });
    expect(new URL(hostile).origin).toBe("https://na.myconnectwise.net");
    expect(new URL(hostile).searchParams.get("memberIdentifier")).toBe("x&redirect=//127.0.0.1:9#/../");
  });
});
