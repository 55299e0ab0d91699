import { describe, expect, it } from "vitest";
import type { PageFacts } from "../../../src/reports/dom.js";
import { scaffold, slug } from "../../../src/reports/scaffold.js";

const WEB = "https://na.myconnectwise.net";
const facts = (over: Partial<PageFacts> = {}): PageFacts => ({
  title: "Time by Member · ConnectWise",
  heading: "Time by Member",
  description: "Hours each member logged between two dates.",
  tables: [
    { selector: "table >> nth=0", columns: ["A"], rowCount: 1, sample: [["x"]] },
    { selector: "#report", columns: ["Member", "Hours"], rowCount: 12, sample: [["Jane", "4.75"]] },
  ],
  exports: [{ selector: "#export-csv", text: "Export to CSV" }],
  fields: [
    { name: "start", kind: "date", label: "From date", value: "", choices: [], required: true },
    { name: "status", kind: "choice", label: "Status", value: "Active", choices: ["Active", "Cancelled"], required: false },
    { name: "member-id", kind: "text", label: "Member identifier", value: "", choices: [], required: false },
  ],
  ...over,
});

describe("scaffolding a definition from a page", () => {
  it("takes the path with {version}, the form's parameters with the page's values, and the CSV export", () => {
    const url = new URL(`${WEB}/v2025_2/reports/time-by-member?start=2026-01-05&end=2026-01-11`);
    const { definition, preview, notes } = scaffold(facts(), url, "Time by member (weekly)", WEB, new Date("2026-01-12T00:00:00Z"));
    expect(definition).toEqual({
      id: "time-by-member-weekly",
      name: "Time by member (weekly)",
      description: "Hours each member logged between two dates.",
      path: "/{version}/reports/time-by-member",
      params: [
        { name: "start", type: "date", description: "From date", required: true, default: "2026-01-05" },
        { name: "status", type: "choice", description: "Status", default: "Active", choices: ["Active", "Cancelled"] },
        { name: "member_id", type: "text", description: "Member identifier", query: "member-id" },
        { name: "end", type: "date", description: 'The page\'s "end" parameter', default: "2026-01-11" },
      ],
      extract: { kind: "csv", trigger: "#export-csv" },
      discovered_from: `${WEB}/v2025_2/reports/time-by-member`,
      discovered_at: "2026-01-12T00:00:00.000Z",
    });
    expect(preview).toEqual({ columns: ["Member", "Hours"], rowCount: 12, sample: [["Jane", "4.75"]] });
    expect(notes.join(" ")).toMatch(/relative dates/);
  });

  it("reads the biggest table when there is no export", () => {
    const { definition, notes } = scaffold(facts({ exports: [] }), new URL(`${WEB}/v2026_1/reports/x`), "X", WEB);
    expect(definition.extract).toEqual({ kind: "table", selector: "#report" });
    expect(notes.join(" ")).toMatch(/most rows/);
  });

  it("keeps an off-origin page as an absolute URL", () => {
    const { definition } = scaffold(facts(), new URL("https://reports.example.com/r/1?start=2026-01-05"), "Other", WEB);
    expect(definition.url).toBe("https://reports.example.com/r/1");
    expect(definition.path).toBeUndefined();
  });

  it("refuses a page with nothing to read", () => {
    expect(() => scaffold(facts({ tables: [], exports: [] }), new URL(`${WEB}/v2026_1/menu`), "Menu", WEB)).toThrow(/no table and no CSV export/);
  });

  it("makes ids from names", () => {
    expect(slug("  Unbilled Time — Ärzte & Co. ")).toBe("unbilled-time-arzte-co");
    expect(() => slug("!!!")).toThrow(/no usable report id/);
  });
});
