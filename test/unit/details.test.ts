import { describe, expect, it } from "vitest";
import { endpointDetails } from "../../src/catalogue/details.js";
import { builtCatalogue } from "../helpers/catalogue.js";

const details = (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string) => {
  const lookup = endpointDetails(builtCatalogue(), method, path);
  if (!lookup.found) throw new Error(`not found: ${JSON.stringify(lookup)}`);
  return lookup.details;
};

describe("endpoint details", () => {
  it("describes a create: required fields, enums, limits and what references accept", () => {
    const d = details("POST", "/service/tickets");
    expect(d.operationId).toBe("postServiceTickets");
    expect(d.parameters).toEqual([]);
    expect(d.requestBody).toMatchObject({ contentType: "application/json", schema: "Ticket", isArray: false, required: ["summary", "company"] });
    const field = (name: string) => d.requestBody!.fields.find((f) => f.name === name);
    expect(field("summary")).toMatchObject({ type: "string", required: true, maxLength: 100 });
    expect(field("board")).toMatchObject({ type: "BoardReference", refFields: ["id", "name"] });
    expect(field("company")!.refFields).toEqual(expect.arrayContaining(["id", "identifier", "name"]));
    expect(field("severity")!.enum).toEqual(["Low", "Medium", "High"]);
    expect(d.requestBody!.fields.some((f) => f.name === "_info")).toBe(false);
    expect(d.response).toMatchObject({ status: "201", schema: "Ticket", isArray: false });
  });

  it("describes a list: query parameters without the supplied clientId header, and example conditions", () => {
    const d = details("GET", "/service/tickets");
    expect(d.parameters.map((p) => p.name)).toEqual(["conditions", "childConditions", "customFieldConditions", "orderBy", "fields", "page", "pageSize", "pageId"]);
    expect(d.response).toMatchObject({ status: "200", schema: "Ticket", isArray: true });
    expect(d.exampleConditions).toContain('board/name = "Help Desk"');
    expect(d.exampleConditions).toContain("closedFlag = false");
    expect(d.otherMethods).toEqual(["POST"]);
  });

  it("lists the fields a PATCH may name", () => {
    const d = details("PATCH", "/service/tickets/55");
    expect(d.path).toBe("/service/tickets/{id}");
    expect(d.requestBody).toMatchObject({ schema: "PatchOperation", isArray: true });
    expect(d.requestBody!.patchableFields).toEqual(expect.arrayContaining(["summary", "status", "board", "owner"]));
    expect(d.requestBody!.patchableFields).not.toContain("_info");
  });

  it("says which methods a path has when asked for another", () => {
    expect(endpointDetails(builtCatalogue(), "DELETE", "/service/tickets")).toEqual({
      found: false,
      reason: "method-not-allowed",
      path: "/service/tickets",
      allowed: ["GET", "POST"],
    });
    expect(endpointDetails(builtCatalogue(), "GET", "/service/nothing-here")).toEqual({ found: false, reason: "unknown-path" });
  });

  it("reports path parameters and the values an enum query parameter takes", () => {
    const pathParams = details("GET", "/finance/invoices/{id}/pdf").parameters.filter((p) => p.in === "path");
    expect(pathParams).toEqual([{ name: "id", in: "path", type: "integer (int32)", required: true, description: "invoiceId" }]);
    const recordType = details("GET", "/system/documents").parameters.find((p) => p.name === "recordType");
    expect(recordType).toMatchObject({ in: "query", required: false });
    expect(recordType!.enum).toEqual(expect.arrayContaining(["Ticket", "Company", "Agreement"]));
  });
});
