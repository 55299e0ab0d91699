import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatLocation, parseSpec, SpecError } from "../../codegen/spec.js";
import { applyOverlay, loadOverlay } from "../../codegen/overlay.js";
import { fixture } from "../helpers/tmp.js";

const source = "mini-spec.json";
const base = () => JSON.parse(readFileSync(fixture("mini-spec.json"), "utf8")) as Record<string, any>;

function failure(mutate: (doc: Record<string, any>) => void): string {
  const doc = base();
  mutate(doc);
  try {
    parseSpec(JSON.stringify(doc), source);
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    return (err as Error).message;
  }
  throw new Error("expected the spec to be refused");
}

describe("loading the spec", () => {
  it("reads operations in document order with their category, tag and parameters", () => {
    const spec = parseSpec(readFileSync(fixture("mini-spec.json"), "utf8"), source);
    expect(spec.endpoints.map((e) => `${e.method} ${e.path}`)).toEqual([
      "GET /service/tickets",
      "POST /service/tickets",
      "GET /service/tickets/count",
      "GET /service/tickets/{id}",
      "PATCH /service/tickets/{id}",
      "DELETE /service/tickets/{id}",
      "GET /service/tickets/{parentId}/notes/{id}",
      "GET /company/companies",
    ]);
    const note = spec.endpoints.find((e) => e.operationId === "getServiceTicketsByParentIdNotesById")!;
    expect(note.category).toBe("service");
    expect(note.tag).toBe("TicketNotes");
    expect(note.parameters.map((p) => [p.name, p.in, p.required, p.originalIn])).toEqual([
      ["parentId", "path", true, undefined],
      ["id", "path", true, undefined],
      ["useDefaultFlag", "query", false, "path"],
      ["clientId", "header", true, undefined],
    ]);
  });

  it("names the place of every problem it refuses", () => {
    const cases: [string, (doc: Record<string, any>) => void, string][] = [
      ["no paths", (d) => delete d.paths, "mini-spec.json: paths: expected an object, found nothing"],
      ["not OpenAPI 3", (d) => (d.openapi = "2.0"), "openapi: expected an OpenAPI 3.x version string"],
      [
        "missing operationId",
        (d) => delete d.paths["/service/tickets"].get.operationId,
        'paths["/service/tickets"].get.operationId: expected a non-empty string, found nothing',
      ],
      [
        "duplicate operationId",
        (d) => (d.paths["/company/companies"].get.operationId = "getServiceTickets"),
        'paths["/company/companies"].get.operationId: "getServiceTickets" is already used by GET /service/tickets',
      ],
      [
        "dangling $ref",
        (d) => (d.paths["/service/tickets/{id}"].get.responses["200"].content["application/vnd.connectwise.com+json; version=2099.1"].schema.$ref = "#/components/schemas/Nope"),
        'paths["/service/tickets/{id}"].get.responses["200"].content["application/vnd.connectwise.com+json; version=2099.1"].schema.$ref: "#/components/schemas/Nope" does not resolve',
      ],
      [
        "unsupported keyword",
        (d) => (d.components.schemas.Ticket.properties.status.oneOf = [{ type: "string" }]),
        "components.schemas.Ticket.properties.status.oneOf: unsupported schema keyword \"oneOf\"",
      ],
      [
        "path parameter missing from the template",
        (d) => (d.paths["/service/tickets/{id}"].delete.parameters[0].name = "ticketId"),
        'paths["/service/tickets/{id}"].delete.parameters[0]: path parameter "ticketId" does not appear in the path template',
      ],
      ["unknown type", (d) => (d.components.schemas.Count.properties.count.type = "int"), 'components.schemas.Count.properties.count.type: unknown type "int"'],
      ["array without items", (d) => delete d.components.schemas.Ticket.properties.tags.items, 'components.schemas.Ticket.properties.tags: an array schema needs "items"'],
      [
        "parameter in a cookie",
        (d) => (d.paths["/company/companies"].get.parameters[0].in = "cookie"),
        'paths["/company/companies"].get.parameters[0].in: unsupported parameter location "cookie"',
      ],
      [
        "no responses",
        (d) => (d.paths["/company/companies"].get.responses = {}),
        'paths["/company/companies"].get.responses: an operation needs at least one response',
      ],
      ["bad status code", (d) => (d.paths["/company/companies"].get.responses["2000"] = { description: "x" }), '"2000" is not an HTTP status code'],
    ];
    for (const [, mutate, message] of cases) expect(failure(mutate)).toContain(message);
  });

  it("points at the line and column of broken JSON", () => {
    const text = readFileSync(fixture("mini-spec.json"), "utf8").replace('"Mini Manage"', '"Mini Manage",,');
    expect(() => parseSpec(text, source)).toThrow(/mini-spec\.json: line 3, column \d+: not valid JSON/);
  });

  it("formats locations the way the file reads", () => {
    expect(formatLocation(["paths", "/a/{id}", "get", "parameters", 0])).toBe('paths["/a/{id}"].get.parameters[0]');
    expect(formatLocation(["components", "schemas", "Agreement.Adjustment"])).toBe('components.schemas["Agreement.Adjustment"]');
  });
});

describe("the overlay", () => {
  it("replaces a property and merges into an operation", () => {
    const doc = base();
    applyOverlay(doc, loadOverlay(fixture("mini-overlay.json")));
    expect(doc.components.schemas.PatchOperation.properties.value).toEqual({ description: "any JSON value" });
    expect(doc.paths["/service/tickets"].get.description).toBe("Tickets on every board");
    expect(doc.paths["/service/tickets"].get.operationId).toBe("getServiceTickets");
  });

  it("fails when a target no longer matches anything", () => {
    const doc = base();
    delete doc.components.schemas.PatchOperation;
    expect(() => applyOverlay(doc, loadOverlay(fixture("mini-overlay.json")))).toThrow(
      /actions\[0\] \(\$\.components\.schemas\.PatchOperation\.properties\.value\): the target matches nothing/,
    );
  });
});
