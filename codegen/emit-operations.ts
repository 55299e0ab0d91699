/** Emit generated/operations.ts: the resolved named operations, one per line, sorted by name. */
import type { OperationDef } from "../src/operations/types.js";
import { GENERATED_HEADER } from "./write.js";

export function emitOperations(operations: OperationDef[]): string {
  return [
    GENERATED_HEADER.replace("data/manage.json", "operations.yaml and data/manage.json"),
    'import type { OperationDef } from "../src/operations/types.js";',
    "",
    `/** ${operations.length} named operations. */`,
    "export const operations: readonly OperationDef[] = [",
    ...operations.map((op) => `  ${JSON.stringify(op)},`),
    "];",
    "",
  ].join("\n");
}
