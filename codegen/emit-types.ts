/**
 * Emit generated/schema.d.ts with openapi-typescript's Node API.
 *
 * The spec marks the `clientId` header required on every operation. The client's middleware supplies
 * it from configuration, so it is taken out of the typed surface: callers neither have to pass it nor
 * can they override the configured one per call.
 */
import openapiTS, { astToString } from "openapi-typescript";
import { GENERATED_HEADER } from "./write.js";
import { HTTP_METHODS, type Spec } from "./spec.js";

export const CLIENT_ID_HEADER = "clientId";

export async function emitTypes(spec: Spec): Promise<string> {
  const doc = structuredClone(spec.document) as { paths: Record<string, Record<string, { parameters?: { in?: string; name?: string }[] }>> };
  for (const item of Object.values(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (op?.parameters) op.parameters = op.parameters.filter((p) => !(p.in === "header" && p.name === CLIENT_ID_HEADER));
    }
  }
  const ast = await openapiTS(doc as never, { silent: true });
  return `${GENERATED_HEADER}\n${astToString(ast)}`;
}
