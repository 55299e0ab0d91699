import { describe, expect, it } from "vitest";
import { compactAnnotations, compactInput } from "../../../src/mcp/tool-list.js";

describe("compact tools/list schemas", () => {
  it("drops what restates JSON or the server's own limits, and keeps what tells a model something", () => {
    const schema = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: {
        id: { type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 },
        max_items: { type: "integer", minimum: 1, maximum: 5000, description: "Stop after this many" },
        name: { type: "string", minLength: 1, maxLength: 200 },
        code: { type: "string", minLength: 3 },
        tags: { type: "object", propertyNames: { type: "string" }, additionalProperties: {} },
        strict: { type: "object", properties: {}, additionalProperties: false },
        // A property may be called like a keyword; only keywords are dropped.
        maxLength: { type: "integer", maximum: 9007199254740991, default: { maxLength: 3 } },
      },
      required: ["id"],
    };
    expect(compactInput(schema)).toEqual({
      type: "object",
      properties: {
        id: { type: "integer" },
        max_items: { type: "integer", minimum: 1, maximum: 5000, description: "Stop after this many" },
        name: { type: "string" },
        code: { type: "string", minLength: 3 },
        tags: { type: "object" },
        strict: { type: "object", properties: {}, additionalProperties: false },
        maxLength: { type: "integer", default: { maxLength: 3 } },
      },
      required: ["id"],
    });
  });

  it("leaves out annotations equal to MCP's defaults and a title equal to the tool's", () => {
    expect(compactAnnotations({ title: "Count", readOnlyHint: true, destructiveHint: false, openWorldHint: true }, "Count")).toEqual({ readOnlyHint: true });
    expect(compactAnnotations({ readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false }, "Save")).toEqual({
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    });
    expect(compactAnnotations({ readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true }, "Call")).toEqual({ destructiveHint: true });
  });
});
