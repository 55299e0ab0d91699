/**
 * fast-check set-up shared by the property tests: one fixed seed, so every run generates the same cases
 * and a failure reproduces; FC_SEED=<n> tries others. On failure fast-check prints the seed and the path
 * of the shrunk counterexample (`{ seed: …, path: "…" }`), and FC_SEED plus that path replays it.
 */
import fc from "fast-check";

export const FC_SEED = process.env.FC_SEED !== undefined && process.env.FC_SEED !== "" ? Number(process.env.FC_SEED) : 20_260_316;

fc.configureGlobal({ seed: FC_SEED });

export { fc };

/** A value for a failure message: JSON-like, long strings, deep nesting and the whole clipped. */
export function brief(value: unknown, max = 600): string {
  const text = sketch(value, 0);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function sketch(value: unknown, depth: number): string {
  if (typeof value === "string") return JSON.stringify(value.length > 80 ? `${value.slice(0, 40)}…(${value.length} chars)` : value);
  if (value === null || typeof value !== "object") return String(value);
  if (depth >= 6) return Array.isArray(value) ? "[…]" : "{…}";
  if (Array.isArray(value)) return `[${value.slice(0, 10).map((v) => sketch(v, depth + 1)).join(",")}${value.length > 10 ? `,…(${value.length})` : ""}]`;
  const entries = Object.entries(value);
  return `{${entries
    .slice(0, 12)
    .map(([k, v]) => `${JSON.stringify(k)}:${sketch(v, depth + 1)}`)
    .join(",")}${entries.length > 12 ? ",…" : ""}}`;
}

/**
 * fc.assert for properties whose counterexamples can be huge (100,000-character strings): the failure
 * names the seed and path to replay it and shows the counterexample clipped.
 */
export async function assertProperty<T>(label: string, property: fc.IAsyncProperty<T> | fc.IProperty<T>, params: fc.Parameters<T> = {}): Promise<void> {
  const out = await fc.check(property, params);
  if (!out.failed) return;
  const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
  throw new Error(
    `${label}: property failed after ${out.numRuns} run(s), ${out.numShrinks} shrink(s) ` +
      `{ seed: ${out.seed}, path: "${out.counterexamplePath}" } (FC_SEED=${out.seed} reproduces it)\n` +
      `Counterexample: ${brief(out.counterexample)}\n${cause}`,
  );
}
