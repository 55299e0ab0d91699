/**
 * `npm run audit:coverage`: how much of the API the named operations cover, and whether every one of
 * them still matches the spec. Prints unique-endpoint coverage, counts per method and per category,
 * and every operation whose method and path are not in the spec — then exits 1. `.ci/run` runs it as
 * a gate. `--operations FILE` and `--spec FILE` audit other files (the tests use a broken fixture).
 */
import { join } from "node:path";
import { readOperationsFile } from "../codegen/operations.js";
import { loadSpec } from "../codegen/spec.js";
import { packageRoot } from "../src/paths.js";

interface Bound {
  name: string;
  method: string;
  path: string;
  category: string;
}

/** Every endpoint-bound operation of the file (entity families expanded); handler operations have no endpoint. */
export function operationsOf(file: string): Bound[] {
  return readOperationsFile(file)
    .filter((op) => !op.handler)
    .map((op) => ({ name: op.name, method: op.method ?? "?", path: op.path ?? "?", category: op.category }));
}

export interface Audit {
  operations: number;
  endpoints: number;
  covered: number;
  coverage: number;
  byMethod: Record<string, { covered: number; total: number }>;
  byCategory: Record<string, number>;
  unmatched: Bound[];
}

export function audit(operationsFile: string, specFile: string): Audit {
  const spec = loadSpec(specFile);
  const endpoints = new Map(spec.endpoints.map((e) => [`${e.method} ${e.path}`, e]));
  const ops = operationsOf(operationsFile);
  const covered = new Set<string>();
  const unmatched: Bound[] = [];
  const byCategory: Record<string, number> = {};
  for (const op of ops) {
    byCategory[op.category] = (byCategory[op.category] ?? 0) + 1;
    const key = `${op.method} ${op.path}`;
    if (endpoints.has(key)) covered.add(key);
    else unmatched.push(op);
  }
  const byMethod: Record<string, { covered: number; total: number }> = {};
  for (const e of spec.endpoints) {
    const m = (byMethod[e.method] ??= { covered: 0, total: 0 });
    m.total++;
    if (covered.has(`${e.method} ${e.path}`)) m.covered++;
  }
  return { operations: ops.length, endpoints: spec.endpoints.length, covered: covered.size, coverage: covered.size / spec.endpoints.length, byMethod, byCategory, unmatched };
}

function main(argv: string[]): number {
  const arg = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const root = packageRoot();
  const result = audit(arg("--operations") ?? join(root, "operations.yaml"), arg("--spec") ?? join(root, "data", "manage.json"));
  const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;
  const lines = [
    `${result.operations} named operations cover ${result.covered} of ${result.endpoints} endpoints (${pct(result.covered, result.endpoints)}).`,
    "By method:",
    ...Object.entries(result.byMethod).map(([m, c]) => `  ${m.padEnd(6)} ${String(c.covered).padStart(4)} of ${String(c.total).padStart(4)} (${pct(c.covered, c.total)})`),
    "By category:",
    ...Object.entries(result.byCategory).sort(([, a], [, b]) => b - a).map(([c, n]) => `  ${c.padEnd(16)} ${n}`),
  ];
  process.stderr.write(`${lines.join("\n")}\n`);
  if (result.unmatched.length > 0) {
    process.stderr.write(`\n${result.unmatched.length} operations do not match the spec:\n${result.unmatched.map((o) => `  ${o.name}: ${o.method} ${o.path}`).join("\n")}\n`);
    return 1;
  }
  return 0;
}

if (process.argv[1]?.endsWith("audit-coverage.ts")) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`audit:coverage: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
