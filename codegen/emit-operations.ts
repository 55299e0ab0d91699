/**
 * Emit generated/operations.json: the resolved named operations, one per line, sorted by name.
 * JSON rather than a module: the server parses it on first use (a few ms) instead of compiling half a
 * megabyte of object literals at every start.
 */
import type { OperationDef } from "../src/operations/types.js";

export function emitOperations(operations: OperationDef[]): string {
  return `[\n${operations.map((op) => JSON.stringify(op)).join(",\n")}\n]\n`;
}
