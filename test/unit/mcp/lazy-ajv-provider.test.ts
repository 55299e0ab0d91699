import { AjvJsonSchemaValidator as SdkValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import { describe, expect, it } from "vitest";
import { AjvJsonSchemaValidator } from "../../../src/mcp/lazy-ajv-provider.js";

const schema = {
  type: "object",
  properties: { confirm: { type: "boolean" }, email: { type: "string", format: "email" } },
  required: ["confirm"],
} as const;

describe("the SDK's AJV validator, loaded on first use", () => {
  it("answers as the SDK's own does, for valid and invalid input", () => {
    const lazy = new AjvJsonSchemaValidator();
    const sdk = new SdkValidator();
    for (const input of [{ confirm: true }, { confirm: "yes" }, {}, { confirm: false, email: "a@b.co" }, { confirm: false, email: "not an email" }, null]) {
      const ours = lazy.getValidator(schema)(input);
      expect(ours, JSON.stringify(input)).toEqual(sdk.getValidator(schema)(input));
    }
    expect(lazy.getValidator(schema)({ confirm: "yes" })).toMatchObject({ valid: false, errorMessage: expect.stringContaining("boolean") });
  });
});
