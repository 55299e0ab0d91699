import { describe, expect, it } from "vitest";
import { recordLine, summariseList, withoutInfo } from "../../src/format/compact.js";

describe("compact answers", () => {
  it("drops _info blocks at every depth", () => {
    expect(withoutInfo([{ id: 1, company: { id: 2, name: "Acme", _info: { company_href: "x" } }, _info: { lastUpdated: "t" } }])).toEqual([{ id: 1, company: { id: 2, name: "Acme" } }]);
  });

  it("writes one line per record with its label and context", () => {
    expect(recordLine({ id: 12, summary: "VPN drops\nevery hour", company: { name: "Acme Corp" }, status: { name: "New" }, board: { name: "Help Desk" } })).toBe(
      '#12 "VPN drops every hour" · company Acme Corp · board Help Desk · status New',
    );
    // Free text is quoted; a name that could break out of its place is quoted too.
    expect(recordLine({ id: 4, summary: 'Printer " · status Closed', company: { name: 'Acme" or 1=1' } })).toBe('#4 "Printer \\" · status Closed" · company "Acme\\" or 1=1"');
    expect(recordLine({ id: 3, hours: 2 })).toBe('#3 · {"id":3,"hours":2}');
  });

  it("summarises long lists and points at the rest", () => {
    const text = summariseList(Array.from({ length: 30 }, (_, i) => ({ id: i + 1, name: `Site ${i + 1}` })), "site", 2);
    expect(text).toBe("30 sites:\n- #1 Site 1\n- #2 Site 2\n… and 28 more in structuredContent.");
    expect(summariseList([], "site")).toBe("0 sites.");
  });
});
