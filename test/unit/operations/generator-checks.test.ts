/**
 * The generator resolves every operation against the spec and fails naming the operation and the
 * problem: a method or path the spec lacks, a parameter that lands nowhere, a condition on a field the
 * records do not have, a template that prints a value without escaping it, a duplicate name.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOperations, OperationsError } from "../../../codegen/operations.js";
import { loadSpec } from "../../../codegen/spec.js";
import { fixture, removeDir, scratchDir } from "../../helpers/tmp.js";

const spec = loadSpec(fixture("mini-spec.json"));
const dir = scratchDir("operations-checks");
afterAll(() => removeDir(dir));

let n = 0;
/** Load operations.yaml text against the mini spec; the problems it reports, or [] when it loads. */
function problems(yaml: string, handlers: string[] = []): string[] {
  const file = join(dir, `ops-${++n}.yaml`);
  writeFileSync(file, yaml);
  try {
    loadOperations(file, spec, handlers);
    return [];
  } catch (err) {
    if (err instanceof OperationsError) return err.problems;
    throw err;
  }
}

const op = (fields: string) => `version: 1\noperations:\n  - name: my_op\n    category: Tickets\n    description: An operation under test.\n${fields}`;
const listTickets = (params: string, extra = "") => op(`    method: GET\n    path: /service/tickets\n${extra}${params ? `    params:\n${params}` : ""}`);

describe("operations.yaml checked against the spec", () => {
  it("accepts a well-formed operation", () => {
    expect(problems(listTickets("      - { name: summary, type: string, description: Words, condition: 'summary contains {{str value}}' }\n"))).toEqual([]);
  });

  it("names an operation whose method and path are not in the spec, with what the path does have", () => {
    expect(problems(op("    method: PUT\n    path: /service/tickets/{id}\n"))).toEqual([
      "my_op: PUT /service/tickets/{id} is not in the spec (the path has: GET /service/tickets/{id}, PATCH /service/tickets/{id}, DELETE /service/tickets/{id})",
    ]);
    expect(problems(op("    method: GET\n    path: /service/tikets\n"))).toEqual(["my_op: GET /service/tikets is not in the spec"]);
  });

  it("names a parameter that maps to no path or query parameter", () => {
    expect(problems(listTickets("      - { name: size, type: integer, description: Page size, query: pageSize }\n"))).toEqual([
      'my_op: parameter "size" sets query "pageSize", which GET /service/tickets does not take (it takes: conditions, page)',
    ]);
    expect(problems(op("    method: GET\n    path: /service/tickets/{id}\n    params:\n      - { name: ticket, type: integer, required: true, description: The id, path: ticketId }\n"))).toEqual([
      "my_op: the path placeholder {id} has no parameter (add one with path: id)",
      'my_op: parameter "ticket" fills {ticketId}, which is not in /service/tickets/{id}',
    ]);
    expect(problems(listTickets("", "    query: { orderBy: id desc }\n"))).toEqual(['my_op: fixed query "orderBy" is not a query parameter of GET /service/tickets']);
  });

  it("names a condition on a field the records do not have", () => {
    expect(problems(listTickets("      - { name: owner, type: member, description: Owner, condition: 'owner/id = {{int ref.id}}' }\n"))).toEqual([
      'my_op: parameter "owner": "owner/id" is not a field of the records this endpoint returns',
    ]);
    expect(problems(listTickets("", "    query: { conditions: 'closedFlag = false' }\n"))).toEqual(['my_op: fixed conditions: "closedFlag" is not a field of the records this endpoint returns']);
  });

  it("names a body field the request body does not have", () => {
    expect(problems(op("    method: POST\n    path: /service/tickets\n    params:\n      - { name: title, type: string, description: Title, body: title }\n"))).toEqual([
      'my_op: parameter "title" sets body field "title", which is not a field of Ticket',
    ]);
  });

  it("refuses templates that print a value without the escaping helpers", () => {
    const template = (t: string) => problems(listTickets(`      - { name: summary, type: string, description: Words, condition: '${t}' }\n`));
    expect(template("summary = {{value}}")).toEqual([
      'my_op: parameter "summary": {{value}} is not one of the escaping helpers (str, int, num, bool, date, strs, ints) with one value',
    ]);
    expect(template("summary = {{{str value}}}")).toEqual(['my_op: parameter "summary": triple-stash {{{ }}} is not allowed: values must go through an escaping helper']);
    expect(template('summary = "{{lookup value}}"')).toEqual([
      'my_op: parameter "summary": {{lookup …}} is not one of the escaping helpers (str, int, num, bool, date, strs, ints) with one value',
    ]);
    expect(template("{{#if value}}summary = {{str value}}{{/if}}")).toEqual(['my_op: parameter "summary": only text and {{helper value}} are allowed, found BlockStatement']);
    expect(template("summary = {{str ref.name}}")).toEqual(['my_op: parameter "summary": {{str ref.name}}: a string parameter prints value']);
  });

  it("names duplicate operation names and reports every problem at once", () => {
    const yaml = `version: 1
operations:
  - { name: same, category: Tickets, description: The first one here., method: GET, path: /service/tickets }
  - { name: same, category: Tickets, description: The second one here., method: GET, path: /service/tickets/count }
  - { name: other, category: Tickets, description: A third with a bad path., method: GET, path: /nowhere }
`;
    expect(problems(yaml)).toEqual(["same: the name is used twice", "other: GET /nowhere is not in the spec"]);
  });

  it("schema problems name the place in the file", () => {
    const [problem] = problems("version: 1\noperations:\n  - { name: BadName, category: Tickets, description: Not snake case at all., method: GET, path: /service/tickets }\n");
    expect(problem).toMatch(/ops-\d+\.yaml: operations\.0 \(BadName\)\.name: snake_case/);
    const [category] = problems("version: 1\noperations:\n  - { name: x_op, category: Tickts, description: Unknown category here., method: GET, path: /service/tickets }\n");
    expect(category).toMatch(/operations\.0 \(x_op\)\.category: .*Tickets/);
  });
});

describe("handler operations (MSP Analytics)", () => {
  const handlerOp = (params: string, extra = "") =>
    `version: 1\noperations:\n  - name: my_report\n    category: MSP Analytics\n    handler: my_report\n    description: 'A report: total = Σ hours ÷ days.'\n${extra}    params:\n${params}`;
  const start = "      - { name: start, type: date, default: -30d, description: First day }\n";

  it("accepts a registered handler whose params have no placement: the handler reads them", () => {
    expect(problems(handlerOp(start), ["my_report"])).toEqual([]);
    const [def] = loadOperations(join(dir, `ops-${n}.yaml`), spec, ["my_report"]);
    expect(def).toMatchObject({ name: "my_report", kind: "read", handler: "my_report", params: [{ name: "start", in: "handler", default: "-30d" }] });
  });

  it("refuses a handler that is not registered, naming the ones that are", () => {
    expect(problems(handlerOp(start), ["other_report"])).toEqual(['my_report: handler "my_report" is not registered (known: other_report)']);
  });

  it("refuses a placement on a handler's param, and a method or path on a handler operation", () => {
    expect(problems(handlerOp("      - { name: start, type: date, description: First day, query: conditions }\n"), ["my_report"])).toEqual(['my_report: parameter "start" is read by the handler: give no query']);
    expect(problems(handlerOp(start, "    method: GET\n    path: /service/tickets\n"), ["my_report"])).toEqual(["my_report: a handler operation has no method or path: its handler makes the calls"]);
  });

  it("an endpoint operation's param still needs exactly one placement", () => {
    expect(problems(listTickets("      - { name: summary, type: string, description: Words }\n"))).toEqual([
      'my_op: parameter "summary": give exactly one of path, query, condition, child_condition, conditions, body, patch, body_object',
    ]);
  });

  it("a handler's description may state a formula at length; an endpoint operation's stays short", () => {
    const long = "x".repeat(300);
    expect(problems(handlerOp(start).replace("A report: total = Σ hours ÷ days.", long), ["my_report"])).toEqual([]);
    expect(problems(op(`    method: GET\n    path: /service/tickets\n`).replace("An operation under test.", long))).toEqual([
      "my_op: the description has 300 characters; at most 220 (handler operations, which state a formula, may have 480)",
    ]);
  });
});
