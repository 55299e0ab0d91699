/**
 * Emit generated/endpoints.ts: the API surface as data, operationId → { method, path, category, summary },
 * sorted by operationId so a regenerated file diffs cleanly.
 */
import { GENERATED_HEADER, compare } from "./write.js";
import type { Spec } from "./spec.js";

export function emitEndpoints(spec: Spec): string {
  const sorted = [...spec.endpoints].sort((a, b) => compare(a.operationId, b.operationId));
  const rows = sorted.map(
    (e) =>
      `  ${e.operationId}: { method: "${e.method}", path: ${JSON.stringify(e.path)}, category: ${JSON.stringify(e.category)}, summary: ${JSON.stringify(e.summary)} },`,
  );
  return [
    GENERATED_HEADER,
    `// ${spec.title} ${spec.version}: ${spec.endpoints.length} operations`,
    "",
    "export interface EndpointInfo {",
    `  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";`,
    "  readonly path: string;",
    "  readonly category: string;",
    "  readonly summary: string;",
    "}",
    "",
    `export const specVersion = ${JSON.stringify(spec.version)};`,
    "",
    "export const endpoints = {",
    ...rows,
    "} as const satisfies Record<string, EndpointInfo>;",
    "",
    "export type OperationId = keyof typeof endpoints;",
    "",
  ].join("\n");
}
