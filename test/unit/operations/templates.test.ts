/**
 * Condition templates with hostile values: whatever a caller sends, the rendered condition parses (with
 * the sandbox's ConnectWise conditions parser) as the template's one comparison holding exactly the
 * value sent, or the value is refused. Nothing can close the quote and add a clause.
 */
import { describe, expect, it } from "vitest";
import { renderCondition } from "../../../src/operations/render.js";
import { conditionValue } from "../../../src/operations/template-helpers.js";
import { parseConditions, type ConditionNode } from "../../../src/sandbox/conditions/index.js";

const HOSTILE = [
  'Acme" or id > 0 or name = "x',
  "Acme' or id > 0 or name = 'x",
  "O'Brien Plumbing",
  'The "Best" IT',
  "trailing backslash \\",
  'escaped \\" quote',
  "\\\\server\\share",
  ") or (id > 0",
  "name = 'x' and id > 0",
  "[2025-01-01T00:00:00Z]",
  "%_*?",
  "{{value}}",
  "{{{value}}}",
  "Ünïcödé ✓ 日本語 🚀",
  "x".repeat(2000),
  "",
  "   ",
];

function single(node: ConditionNode) {
  expect(node.kind).toBe("comparison");
  return node as Extract<ConditionNode, { kind: "comparison" }>;
}

describe("str: a value stays one string literal", () => {
  it.each(HOSTILE.map((v) => [JSON.stringify(v).slice(0, 40), v]))("%s", (_label, value) => {
    const rendered = renderCondition("name contains {{str value}}", { value });
    const c = single(parseConditions(rendered));
    expect(c.path).toBe("name");
    expect(c.operator).toBe("contains");
    expect(c.value).toEqual({ kind: "string", value });
  });

  it("keeps the value exact inside a larger template, and the clauses around it intact", () => {
    const value = 'x" or id > 0 or summary = "y';
    const rendered = renderCondition("closedFlag = false and summary contains {{str value}} and id > 5", { value });
    const ast = parseConditions(rendered) as { kind: string; items: ConditionNode[] };
    expect(ast.kind).toBe("and");
    expect(ast.items).toHaveLength(3);
    expect(single(ast.items[1]!).value).toEqual({ kind: "string", value });
  });

  it("refuses a value with both kinds of quote, and control characters, naming why", () => {
    expect(() => conditionValue(`it's "x"`)).toThrow(/both kinds of quote/);
    expect(() => conditionValue("line\nbreak")).toThrow(/control characters/);
    expect(() => conditionValue("nul\u0000")).toThrow(/control characters/);
  });

  it("the same for reference names printed with ref.name", () => {
    const name = 'Waiting "Customer" > 2 days';
    const c = single(parseConditions(renderCondition("status/name = {{str ref.name}}", { ref: { id: 4, name } })));
    expect(c.value).toEqual({ kind: "string", value: name });
  });
});

describe("typed helpers accept only their type", () => {
  it("int, num and bool refuse anything that is not one", () => {
    expect(renderCondition("id = {{int value}}", { value: 42 })).toBe("id = 42");
    expect(renderCondition("id = {{int value}}", { value: " 42 " })).toBe("id = 42");
    for (const bad of ["1 or id > 0", "1.5", "0x10", "", "NaN"]) expect(() => renderCondition("id = {{int value}}", { value: bad })).toThrow(/whole number/);
    expect(renderCondition("budgetHours > {{num value}}", { value: "2.5" })).toBe("budgetHours > 2.5");
    expect(() => renderCondition("budgetHours > {{num value}}", { value: "2 or id > 0" })).toThrow(/a number/);
    expect(renderCondition("closedFlag = {{bool value}}", { value: "TRUE" })).toBe("closedFlag = true");
    expect(() => renderCondition("closedFlag = {{bool value}}", { value: "true or id > 0" })).toThrow(/true or false/);
  });

  it("date prints a bracketed UTC instant and refuses anything else", () => {
    expect(renderCondition("dateEntered > {{date value}}", { value: "2026-03-01T06:00:00Z" })).toBe("dateEntered > [2026-03-01T06:00:00Z]");
    expect(() => renderCondition("dateEntered > {{date value}}", { value: "2026-03-01] or id > [0" })).toThrow(/a date/);
  });

  it("strs and ints build an in-list of safe literals", () => {
    const values = ['a" or id > 0 or "', "O'Brien", "plain"];
    const c = single(parseConditions(renderCondition("name in {{strs value}}", { value: values })));
    expect(c.operator).toBe("in");
    expect(c.value).toEqual(values.map((value) => ({ kind: "string", value })));
    expect(renderCondition("id in {{ints value}}", { value: "3, 4,5" })).toBe("id in (3, 4, 5)");
    expect(() => renderCondition("id in {{ints value}}", { value: ["3", "4) or (id > 0"] })).toThrow(/whole number/);
    expect(() => renderCondition("id in {{ints value}}", { value: [] })).toThrow(/at least one/);
  });

  it("handlebars' HTML escaping does not touch the condition (helpers print ConnectWise syntax)", () => {
    expect(renderCondition("name = {{str value}}", { value: "R&D <lab>" })).toBe('name = "R&D <lab>"');
  });
});
