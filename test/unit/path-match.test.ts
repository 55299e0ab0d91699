import { describe, expect, it } from "vitest";
import { closestTemplates, matchTemplates, normalizePath, templateScore } from "../../src/catalogue/path-match.js";
import { builtCatalogue } from "../helpers/catalogue.js";

describe("path matching", () => {
  it.each([
    ["https://api-na.myconnectwise.net/v4_6_release/apis/3.0/service/tickets?conditions=x", "/service/tickets"],
    ["service/tickets/", "/service/tickets"],
    ["//service//tickets", "/service/tickets"],
    ["/V4_6_RELEASE/apis/3.0/company/companies#x", "/company/companies"],
    ["/", "/"],
  ])("normalises %s", (input, path) => expect(normalizePath(input)).toBe(path));

  it("fits concrete paths and other placeholder names to templates", () => {
    expect(templateScore("/service/tickets/{id}", "/service/tickets/123")).toBe(2);
    expect(templateScore("/service/tickets/{id}", "/service/tickets/{id}")).toBe(2.5);
    expect(templateScore("/service/tickets/{id}", "/Service/Tickets/{ticketId}")).toBe(2);
    expect(templateScore("/service/tickets/{id}", "/service/tickets")).toBe(-1);
    expect(templateScore("/service/tickets/{id}", "/service/boards/1")).toBe(-1);
  });

  it("prefers a fixed segment over a placeholder", () => {
    const rows = [{ path: "/service/tickets/{id}" }, { path: "/service/tickets/count" }];
    expect(matchTemplates(rows, "/service/tickets/count")).toEqual([{ path: "/service/tickets/count" }]);
    expect(matchTemplates(rows, "/service/tickets/77")).toEqual([{ path: "/service/tickets/{id}" }]);
    expect(matchTemplates(rows, "/nothing")).toEqual([]);
  });

  it("finds the same templates as trying every one, over the whole catalogue", () => {
    const rows = builtCatalogue().endpoints();
    const everyOne = (path: string) => {
      const target = normalizePath(path);
      const scored = rows.map((row) => ({ row, score: templateScore(row.path, target) })).filter((s) => s.score >= 0);
      const best = Math.max(...scored.map((s) => s.score));
      return scored.filter((s) => s.score === best).map((s) => s.row);
    };
    const paths = [
      ...rows.filter((_, i) => i % 7 === 0).map((r) => r.path.replace(/\{[^}]+\}/g, "42")),
      "/SERVICE/Tickets/9/Notes", "https://x/v4_6_release/apis/3.0/company/companies/3?fields=id", "/", "/service", "/nothing/at/all", "/service/tickets/{ticketId}",
    ];
    for (const path of paths) expect(matchTemplates(rows, path), path).toEqual(everyOne(path));
    // Templates with a placeholder first (none in the spec) still fit.
    expect(matchTemplates([{ path: "/{module}/info" }, { path: "/system/info" }], "/system/info")).toEqual([{ path: "/system/info" }]);
    expect(matchTemplates([{ path: "/{module}/info" }], "/finance/info")).toEqual([{ path: "/{module}/info" }]);
  });

  it("suggests the nearest templates for a typo", () => {
    const rows = ["/service/tickets", "/service/boards", "/company/companies", "/service/tickets/{id}"].map((path) => ({ path }));
    expect(closestTemplates(rows, "/service/tikets", 2).map((r) => r.path)).toEqual(["/service/tickets", "/service/boards"]);
    expect(closestTemplates(rows, "/company/companys", 1).map((r) => r.path)).toEqual(["/company/companies"]);
  });
});
