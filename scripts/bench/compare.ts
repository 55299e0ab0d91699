/**
 * The last run against this one: every number in bench/results.json, keyed by its path (composites and
 * analytics cases by their name), and the ones that moved by more than a threshold. Lower is better for
 * times, ratios, bytes and memory; higher for throughput (req/s, rps, a share of the throughput floor) and shares saved.
 */
import { existsSync, readFileSync } from "node:fs";

export interface Change {
  key: string;
  before: number;
  after: number;
  /** after / before − 1 */
  change: number;
  better: boolean;
}

/** Numeric leaves by path; arrays of objects with a name-like field are keyed by it, not by position. */
export function flatten(value: unknown, prefix = "", out = new Map<string, number>()): Map<string, number> {
  if (typeof value === "number" && Number.isFinite(value)) out.set(prefix, value);
  else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const o = item as Record<string, unknown> | null;
      const label = o && typeof o === "object" ? (o.tool ?? o.name ?? o.operation ?? o.id) : undefined;
      flatten(item, `${prefix}[${typeof label === "string" ? label : i}]`, out);
    });
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

const HIGHER_IS_BETTER = /(?:rps|Rps|savedShare|ShareOfFloor|withinTarget|fetched|quality)$|^ok/;

export function compare(before: unknown, after: unknown, threshold = 0.1): Change[] {
  const a = flatten(before);
  const b = flatten(after);
  const changes: Change[] = [];
  for (const [key, now] of b) {
    const was = a.get(key);
    if (was === undefined || was === 0) continue;
    const change = now / was - 1;
    if (Math.abs(change) < threshold) continue;
    const higherBetter = HIGHER_IS_BETTER.test(key.split(".").at(-1) ?? key);
    changes.push({ key, before: was, after: now, change, better: higherBetter ? change > 0 : change < 0 });
  }
  return changes.sort((x, y) => Math.abs(y.change) - Math.abs(x.change));
}

export function readPrevious(file: string): { date?: string; results: unknown } | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const results = JSON.parse(readFileSync(file, "utf8")) as { date?: string };
    return { ...(typeof results.date === "string" ? { date: results.date } : {}), results };
  } catch {
    return undefined;
  }
}

export function formatChanges(changes: Change[], since: string | undefined, limit = 40): string {
  if (changes.length === 0) return `No figure moved by 10 % or more since the last run${since ? ` (${since})` : ""}.\n`;
  const lines = changes.slice(0, limit).map((c) => {
    const pct = `${c.change > 0 ? "+" : ""}${Math.round(c.change * 100)} %`;
    return `  ${c.better ? "better" : "WORSE "}  ${c.key}: ${c.before} → ${c.after} (${pct})`;
  });
  const more = changes.length > limit ? `\n  … ${changes.length - limit} more` : "";
  return `Moved by 10 % or more since the last run${since ? ` (${since})` : ""}:\n${lines.join("\n")}${more}\n`;
}
