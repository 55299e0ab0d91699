/**
 * The MCP SDK's AJV schema validator, loaded the first time a schema is checked instead of on every start.
 *
 * The SDK's server module imports its AJV provider at the top and builds one validator per server; it is
 * used only to check what a user answers to an elicitation. AJV and its formats are a sixth of the
 * JavaScript a start would otherwise parse, so the build (scripts/build.ts) puts this module where the
 * SDK imports `validation/ajv-provider.js`, and the real provider is required from node_modules on first use.
 */
import { createRequire } from "node:module";
import type { AjvJsonSchemaValidator as SdkAjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";
import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/types.js";

type Provider = { AjvJsonSchemaValidator: new (ajv?: unknown) => SdkAjvJsonSchemaValidator };

export class AjvJsonSchemaValidator implements jsonSchemaValidator {
  private inner: SdkAjvJsonSchemaValidator | undefined;

  constructor(private readonly ajv?: unknown) {}

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    if (!this.inner) {
      const provider = createRequire(import.meta.url)("@modelcontextprotocol/sdk/validation/ajv") as Provider;
      this.inner = new provider.AjvJsonSchemaValidator(this.ajv);
    }
    return this.inner.getValidator<T>(schema);
  }
}
