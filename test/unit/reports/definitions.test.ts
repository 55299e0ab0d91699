import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allReports, DISCOVERED_FILE, findReport, packagedReports, saveDiscovered } from "../../../src/reports/definitions.js";
import { REPORTS as SANDBOX_REPORTS } from "../../../src/sandbox/web/reports.js";

const dir = mkdtempSync(join(tmpdir(), "cw-report-defs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("data/reports.json", () => {
  it("has the five reports MSP managers pull every week, listed first", () => {
    expect(allReports(dir).slice(0, 5).map((r) => r.id)).toEqual(["open-tickets-by-age", "time-by-member", "agreement-summary", "unbilled-time", "closed-tickets-by-technician"]);
  });

  it("points every report at a page the sandbox serves, with parameters that page knows", () => {
    for (const r of packagedReports().reports) {
      const page = /^\/\{version\}\/reports\/([\w-]+)$/.exec(r.path ?? "")?.[1];
      const sandbox = SANDBOX_REPORTS.find((s) => s.id === page);
      expect(sandbox, r.id).toBeDefined();
      const known = sandbox!.params.map((p) => p.name);
      for (const p of r.params) expect(known, `${r.id}.${p.name}`).toContain(p.query ?? p.name);
      for (const p of sandbox!.params.filter((s) => s.required)) expect(r.params.find((q) => q.name === p.name)?.default, `${r.id}.${p.name} needs a default`).toBeDefined();
    }
  });

  it("suggests the closest ids for an unknown one", () => {
    expect(() => findReport(dir, "time-by-membr")).toThrow(/no report "time-by-membr"\. Closest: time-by-member/);
  });
});

describe("discovered definitions", () => {
  const def = { id: "my-report", name: "Mine", description: "d", path: "/{version}/reports/ar-aging", params: [], extract: { kind: "table" as const, selector: "#report" } };

  it("are saved 0600 and listed after the packaged ones; saving again replaces", () => {
    expect(saveDiscovered(dir, def)).toEqual({ replaced: false });
    expect(statSync(join(dir, DISCOVERED_FILE)).mode & 0o777).toBe(0o600);
    expect(saveDiscovered(dir, { ...def, name: "Mine again" })).toEqual({ replaced: true });
    const listed = allReports(dir);
    expect(listed.at(-1)).toMatchObject({ id: "my-report", name: "Mine again", source: "discovered" });
    expect(findReport(dir, "MY-REPORT").name).toBe("Mine again");
  });

  it("may not take a packaged report's id, nor be malformed", () => {
    expect(() => saveDiscovered(dir, { ...def, id: "ar-aging" })).toThrow(/id of a packaged report/);
    expect(() => saveDiscovered(dir, { ...def, path: undefined })).toThrow(/exactly one of path and url/);
  });
});
