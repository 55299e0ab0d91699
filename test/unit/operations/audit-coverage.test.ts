/**
 * `npm run audit:coverage`: coverage of the spec by the named operations, and its failure mode — every
 * operation that no longer matches a spec path listed, exit code 1 — on a broken fixture.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit } from "../../../scripts/audit-coverage.js";
import { packageRoot } from "../../../src/paths.js";
import { fixture } from "../../helpers/tmp.js";

const runAudit = (...args: string[]) =>
  spawnSync(process.execPath, [join(packageRoot(), "node_modules", "tsx", "dist", "cli.mjs"), join(packageRoot(), "scripts", "audit-coverage.ts"), ...args], { encoding: "utf8" });

describe("audit:coverage", () => {
  it("counts unique endpoints covered, per method and per category", () => {
    const result = audit(fixture("mini-operations.yaml"), fixture("mini-spec.json"));
    // list, get, count, create, update, delete of tickets + the note: 7 of the mini spec's 8 endpoints (not /company/companies).
    expect(result).toMatchObject({ operations: 8, endpoints: 8, covered: 7, unmatched: [] });
    expect(result.byMethod).toEqual({ GET: { covered: 4, total: 5 }, POST: { covered: 1, total: 1 }, PATCH: { covered: 1, total: 1 }, DELETE: { covered: 1, total: 1 } });
    expect(result.byCategory).toEqual({ Tickets: 8 });
    const run = runAudit("--operations", fixture("mini-operations.yaml"), "--spec", fixture("mini-spec.json"));
    expect(run.status).toBe(0);
    expect(run.stderr).toContain("8 named operations cover 7 of 8 endpoints (87.5%).");
    expect(run.stderr).toContain("  GET       4 of    5 (80.0%)");
  });

  it("lists every operation that matches no spec path and exits 1", () => {
    const result = audit(fixture("broken-operations.yaml"), fixture("mini-spec.json"));
    expect(result.unmatched.map((o) => `${o.name}: ${o.method} ${o.path}`)).toEqual(["replace_ticket: PUT /service/tickets/{id}", "company_list: GET /company/company"]);
    const run = runAudit("--operations", fixture("broken-operations.yaml"), "--spec", fixture("mini-spec.json"));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("2 operations do not match the spec:\n  replace_ticket: PUT /service/tickets/{id}\n  company_list: GET /company/company");
  });

  it("fails with the file's problem when operations.yaml itself is malformed", () => {
    const run = runAudit("--operations", fixture("mini-spec.json"), "--spec", fixture("mini-spec.json"));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/audit:coverage: operations\.yaml has \d+ problems?:/);
  });

  it("passes on the project's own operations.yaml", () => {
    const result = audit(join(packageRoot(), "operations.yaml"), join(packageRoot(), "data", "manage.json"));
    expect(result.unmatched).toEqual([]);
    expect(result.operations).toBeGreaterThanOrEqual(509);
    expect(result.covered / result.endpoints).toBeGreaterThan(0.25);
  });
});
