import { describe, expect, it } from "vitest";
import { parseCsv } from "../../../src/reports/csv.js";
import { shape, toCell } from "../../../src/reports/extract.js";
import { toCsv } from "../../../src/sandbox/web/csv.js";

describe("CSV exports", () => {
  it("reads what the sandbox writes, quotes, commas and line breaks included", () => {
    const rows = [["Acme, Inc.", 'say "hi"', "two\nlines", ""], ["plain", "x", "y", "z"]];
    expect(parseCsv(toCsv(["A", "B", "C", "D"], rows))).toEqual([["A", "B", "C", "D"], ...rows]);
  });

  it("tolerates a byte-order mark, LF line ends and a missing final line break", () => {
    expect(parseCsv("\uFEFFa,b\nc,d")).toEqual([["a", "b"], ["c", "d"]]);
    expect(parseCsv("a,\r\n,b\r\n")).toEqual([["a", ""], ["", "b"]]);
  });

  it("refuses a file cut inside a quoted field", () => {
    expect(() => parseCsv('a,"b\r\n')).toThrow(/inside a quoted field/);
  });

  it("types cells the same way for tables and exports", () => {
    expect(["12", "-3.50", "0", "0.25", "0042", "1,234.00", "2026-01-05", "", "12a"].map(toCell)).toEqual([12, -3.5, 0, 0.25, "0042", "1,234.00", "2026-01-05", null, "12a"]);
    expect(shape(["Name", "", "Name"], [["a", "1", "b"]])).toEqual({ columns: ["Name", "Column 2", "Name (2)"], rows: [["a", 1, "b"]], total: 1 });
  });
});
