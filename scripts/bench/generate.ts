/** A full `generate` from data/manage.json, step by step, against openapi-typescript's share of it. */
import { generate } from "../../codegen/index.js";
import { removeDir, scratchDir } from "../../test/helpers/tmp.js";
import { round } from "./stats.js";

export async function benchGenerate() {
  const out = scratchDir("bench-generate");
  try {
    const t0 = performance.now();
    const result = await generate({ outDir: out, force: true });
    const total = performance.now() - t0;
    return { totalMs: Math.round(total), steps: result.timings, typesShare: round((result.timings.types ?? 0) / total, 2) };
  } finally {
    removeDir(out);
  }
}
