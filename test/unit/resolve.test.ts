import { describe, expect, it } from "vitest";
import { resolveCall } from "../../src/calls/resolve.js";
import { builtCatalogue } from "../helpers/catalogue.js";

describe("path parameters", () => {
  it("takes a value written into the path as written: encoded once, not twice", () => {
    const catalogue = builtCatalogue();
    expect(resolveCall(catalogue, "GET", "/system/reports/Service%20Board").path).toBe("/system/reports/Service%20Board");
    expect(resolveCall(catalogue, "GET", "/system/reports/{reportName}", { reportName: "Service Board" }).path).toBe("/system/reports/Service%20Board");
  });

  it("refuses a value that would add segments or a query, whether in params or in the path", () => {
    const catalogue = builtCatalogue();
    for (const reportName of ["../../company/companies", "x/../../y", "Service?x=1", "Service#x", "..", "%2e%2e", "a\\b"]) {
      expect(() => resolveCall(catalogue, "GET", "/system/reports/{reportName}", { reportName }), reportName).toThrow(/Refused the path/);
    }
    expect(() => resolveCall(catalogue, "GET", "/service/tickets/{id}", { id: "1/../../x" })).toThrow(/percent-encoded/);
    expect(() => resolveCall(catalogue, "GET", "/service/tickets/1%2F..%2F..%2Fx")).toThrow(/percent-encoded/);
  });
});
