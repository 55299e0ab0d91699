import { describe, expect, it } from "vitest";
import { mean, median, money, pct, percent, percentile, table } from "../../../src/analytics/table.js";

describe("compact tables", () => {
  it("pads columns, right-aligns numbers and marks missing values", () => {
    expect(table([{ header: "Member", align: "left" }, "Hours", "Billable %"], [["ana", 6.5, "46.15%"], ["bo", 12, null]])).toBe(
      ["Member  Hours  Billable %", "------  -----  ----------", "ana       6.5      46.15%", "bo         12           —"].join("\n"),
    );
  });

  it("cuts long tables and long cells, and says so", () => {
    const out = table([{ header: "Name", max: 5 }], [["abcdefgh"], ["b"], ["c"]], 2);
    expect(out.split("\n")).toEqual(["Name", "-----", "abcd…", "b", "… 1 more rows (all of them are in structuredContent)"]);
    expect(table(["A"], [])).toBe("A\n-\n(none)");
  });
});

describe("figures", () => {
  it("formats money and percentages", () => {
    expect([money(1234.56), money(-52), money(null), pct(12.5), pct(null)]).toEqual(["$1,235", "-$52", "—", "12.5%", "—"]);
  });

  it("percent, median, mean and nearest-rank percentile", () => {
    expect([percent(1, 3), percent(1, 0)]).toEqual([33.33, null]);
    expect([median([3, 1, 2]), median([4, 1, 3, 2]), median([])]).toEqual([2, 2.5, null]);
    expect(mean([1, 2, 6])).toBe(3);
    // 10 values: the 90th percentile is the 9th smallest.
    expect(percentile([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 90)).toBe(9);
  });
});
