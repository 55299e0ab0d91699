import { describe, expect, it } from "vitest";
import { changesOf, PreviewLedger, targetsRecord } from "../../../src/writes/preview.js";

const ticket = { id: 7, summary: "Printer offline", budgetHours: 1, status: { id: 3, name: "New", _info: { x: "y" } }, poNumber: "PO-1", _info: { lastUpdated: "2026-01-01T00:00:00Z" } };

describe("write previews", () => {
  it("shows each PATCH operation's field before → after, references in the shape they are given", () => {
    expect(changesOf("PATCH", ticket, [
      { op: "replace", path: "/summary", value: "Back online" },
      { op: "replace", path: "status", value: { name: "Closed" } },
      { op: "remove", path: "poNumber" },
    ])).toEqual([
      { field: "summary", before: "Printer offline", after: "Back online" },
      // A reference given by name is compared by name: "New" → "Closed", not the whole reference.
      { field: "status", before: { name: "New" }, after: { name: "Closed" } },
      { field: "poNumber", before: "PO-1", after: null },
    ]);
  });

  it("shows what a PUT changes and what it would clear", () => {
    expect(changesOf("PUT", ticket, { summary: "Printer offline", budgetHours: 2, status: { id: 3 } })).toEqual([
      { field: "budgetHours", before: 1, after: 2 },
      { field: "poNumber", before: "PO-1", after: "(cleared: not in the PUT body)" },
    ]);
  });

  it("shows the record a DELETE removes", () => {
    expect(changesOf("DELETE", ticket, undefined)).toEqual([{ field: "(record)", before: "#7 Printer offline", after: "(deleted)" }]);
  });

  it("remembers what a preview saw for exactly the same write", () => {
    const ledger = new PreviewLedger();
    const plan = { method: "PATCH", path: "/service/tickets/7", query: {}, body: [{ op: "replace", path: "summary", value: "x" }] };
    ledger.remember(plan, "2026-01-01T00:00:00Z", 1000);
    expect(ledger.previewed({ ...plan, method: "patch" }, 2000)).toEqual({ lastUpdated: "2026-01-01T00:00:00Z", at: 1000 });
    expect(ledger.previewed({ ...plan, body: [{ op: "replace", path: "summary", value: "y" }] }, 2000)).toBeUndefined();
    expect(ledger.previewed(plan, 1000 + 31 * 60_000)).toBeUndefined();
  });

  it("reads the current record only for writes to one record", () => {
    expect(targetsRecord("PATCH", "/service/tickets/7")).toBe(true);
    expect(targetsRecord("POST", "/service/tickets")).toBe(false);
    expect(targetsRecord("POST", "/time/sheets/5/submit")).toBe(false);
  });
});
