/** The named operations the build produced (generated/operations.json), by name and by category. */
import { readFileSync } from "node:fs";
import { editDistance } from "../catalogue/path-match.js";
import { operationsPath } from "../paths.js";
import { OPERATION_CATEGORIES, type OperationDef } from "./types.js";

let loaded: { list: readonly OperationDef[]; byName: Map<string, OperationDef> } | undefined;

function load(): NonNullable<typeof loaded> {
  if (!loaded) {
    const list = JSON.parse(readFileSync(operationsPath(), "utf8")) as OperationDef[];
    loaded = { list, byName: new Map(list.map((op) => [op.name, op])) };
  }
  return loaded;
}

export function allOperations(): readonly OperationDef[] {
  return load().list;
}

export function operation(name: string): OperationDef | undefined {
  return load().byName.get(name.trim().toLowerCase().replace(/[\s-]+/g, "_"));
}

/** The operation names nearest to a misspelt one: shared words first, then edit distance. */
export function closestOperations(name: string, limit = 5): string[] {
  const wanted = name.toLowerCase().replace(/[\s-]+/g, "_");
  const words = new Set(wanted.split("_").filter((w) => w.length > 2).map((w) => w.replace(/s$/, "")));
  return [...load().byName.keys()]
    .map((n) => ({ n, shared: n.split("_").filter((w) => words.has(w.replace(/s$/, ""))).length, distance: editDistance(n, wanted) }))
    .sort((a, b) => b.shared - a.shared || a.distance - b.distance || (a.n < b.n ? -1 : 1))
    .slice(0, limit)
    .map((x) => x.n);
}

export function categoryCounts(): { name: string; count: number }[] {
  return OPERATION_CATEGORIES.map((name) => ({ name, count: allOperations().filter((op) => op.category === name).length })).filter((c) => c.count > 0);
}

/** Operations in a category and/or whose name, description or path contains every keyword word. */
export function findOperations(category?: string, keyword?: string): OperationDef[] {
  const cat = category?.trim().toLowerCase();
  const words = (keyword ?? "").toLowerCase().split(/\s+/).filter(Boolean).map((w) => w.replace(/s$/, ""));
  return allOperations().filter((op) => {
    if (cat && op.category.toLowerCase() !== cat) return false;
    const text = `${op.name.replace(/_/g, " ")} ${op.description} ${op.path ?? ""}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}
