/**
 * `npm run generate`: data/manage.json (+ overlay) → generated/.
 *
 * Output is built in a temporary folder next to generated/ and swapped in whole, so an interrupted or
 * failed run never leaves a half-written generated/. A hash of every input is stored with the output;
 * when nothing changed the run is skipped (`--force` regenerates anyway).
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { applyOverlay, loadOverlay } from "./overlay.js";
import { loadSpec, SpecError, type Spec } from "./spec.js";
import { emitTypes } from "./emit-types.js";
import { emitEndpoints } from "./emit-endpoints.js";
import { emitZod } from "./emit-zod.js";
import { emitCatalogue, type CatalogueCounts } from "./emit-catalogue.js";
import { emitOperations } from "./emit-operations.js";
import { loadOperations, OperationsError } from "./operations.js";
import { HANDLERS } from "../src/operations/handlers.js";
import { GENERATED_README } from "./write.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface GenerateOptions {
  specFile?: string;
  /** null: no overlay. Default: data/manage.overlay.json. */
  overlayFile?: string | null;
  /** null: no named operations. Default: operations.yaml. */
  operationsFile?: string | null;
  outDir?: string;
  force?: boolean;
  log?: (line: string) => void;
}

export interface GenerateResult {
  skipped: boolean;
  outDir: string;
  counts?: CatalogueCounts & { zodModules: number; operations: number };
  timings: Record<string, number>;
}

export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  const specFile = resolve(options.specFile ?? join(ROOT, "data/manage.json"));
  const overlayFile = options.overlayFile === null ? null : resolve(options.overlayFile ?? join(ROOT, "data/manage.overlay.json"));
  const operationsFile = options.operationsFile === null ? null : resolve(options.operationsFile ?? join(ROOT, "operations.yaml"));
  const outDir = resolve(options.outDir ?? join(ROOT, "generated"));
  const log = options.log ?? (() => {});
  const timings: Record<string, number> = {};
  const timed = async <T>(step: string, fn: () => T | Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const value = await fn();
    timings[step] = Math.round(performance.now() - t0);
    return value;
  };

  const inputsHash = hashInputs([specFile, ...(overlayFile ? [overlayFile] : []), ...(operationsFile ? [operationsFile] : [])]);
  const stampFile = join(outDir, ".inputs-hash");
  if (!options.force && existsSync(stampFile) && readFileSync(stampFile, "utf8") === inputsHash) {
    log(`generated/ is up to date (${relative(process.cwd(), outDir) || "."}); use --force to rebuild`);
    return { skipped: true, outDir, timings };
  }

  const spec: Spec = await timed("load", () =>
    loadSpec(specFile, overlayFile ? (doc) => applyOverlay(doc, loadOverlay(overlayFile)) : undefined),
  );

  const operations = await timed("operations", () => (operationsFile ? loadOperations(operationsFile, spec, Object.keys(HANDLERS)) : []));

  const tmpDir = `${outDir}.tmp-${process.pid}`;
  rmSync(tmpDir, { recursive: true, force: true });
  mkdirSync(join(tmpDir, "zod"), { recursive: true });
  try {
    const write = (name: string, text: string) => writeFileSync(join(tmpDir, name), text);
    write("schema.d.ts", await timed("types", () => emitTypes(spec)));
    await timed("endpoints", () => write("endpoints.ts", emitEndpoints(spec)));
    write("operations.json", emitOperations(operations));
    const zod = await timed("zod", () => emitZod(spec));
    for (const [name, text] of zod.files) write(join("zod", name), text);
    const counts = await timed("catalogue", () => emitCatalogue(spec, join(tmpDir, "catalogue.db")));
    write("README.md", GENERATED_README);
    write(".inputs-hash", inputsHash);

    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmpDir, outDir);
    log(
      `generated ${counts.endpoints} endpoints, ${counts.parameters} parameters, ${counts.requestBodies} request bodies, ` +
        `${counts.categories} categories, ${zod.modules.length} zod modules, ${operations.length} named operations in ${Object.entries(timings)
          .map(([k, v]) => `${k} ${v} ms`)
          .join(", ")}`,
    );
    return { skipped: false, outDir, counts: { ...counts, zodModules: zod.modules.length, operations: operations.length }, timings };
  } catch (err) {
    rmSync(tmpDir, { recursive: true, force: true });
    throw err;
  }
}

/** The spec, the overlay, the generator's own sources and the versions of the tools it drives. */
function hashInputs(files: string[]): string {
  const hash = createHash("sha256");
  // The generator's own code and the runtime modules it shares (words, operation types and helpers,
  // the conditions parser that checks templates).
  const dirs = ["codegen", "src/catalogue", "src/operations", "src/sandbox/conditions", "src/http"];
  const sources = dirs.flatMap((d) => readdirSync(join(ROOT, d)).filter((f) => f.endsWith(".ts")).map((f) => join(ROOT, d, f))).sort();
  for (const file of [...files, ...sources]) {
    hash.update(relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0");
  }
  for (const pkg of ["openapi-typescript", "better-sqlite3", "zod"]) {
    hash.update(pkg).update(JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")).version);
  }
  return hash.digest("hex");
}

const USAGE =
  "usage: npm run generate -- [--force] [--spec data/manage.json] [--overlay data/manage.overlay.json | --no-overlay] " +
  "[--operations operations.yaml | --no-operations] [--out generated]";

function parseArgs(argv: string[]): GenerateOptions {
  const options: GenerateOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--force") options.force = true;
    else if (arg === "--spec") options.specFile = value();
    else if (arg === "--overlay") options.overlayFile = value();
    else if (arg === "--no-overlay") options.overlayFile = null;
    else if (arg === "--operations") options.operationsFile = value();
    else if (arg === "--no-operations") options.operationsFile = null;
    else if (arg === "--out") options.outDir = value();
    else throw new UsageError(`unknown option ${arg}`);
  }
  return options;
}

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const t0 = performance.now();
  try {
    const options = parseArgs(argv);
    const result = await generate({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
    if (!result.skipped) process.stderr.write(`generate took ${Math.round(performance.now() - t0)} ms\n`);
  } catch (err) {
    if (err instanceof SpecError || err instanceof UsageError || err instanceof OperationsError) {
      process.stderr.write(`generate failed: ${err.message}\n${err instanceof UsageError ? `${USAGE}\n` : ""}`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main(process.argv.slice(2));
}
