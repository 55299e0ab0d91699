/**
 * Match what a user typed as a path against the spec's path templates.
 *
 * Users paste concrete paths (`/service/tickets/123/notes`), full URLs, or templates with other
 * placeholder names (`/service/tickets/{ticketId}`); all of them should find `/service/tickets/{id}/notes`.
 */
const API_ROOT = "/v4_6_release/apis/3.0";

/** Strip origin, API root, query string and trailing slash; ensure one leading slash. */
export function normalizePath(input: string): string {
  let p = input.trim();
  p = p.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  p = p.replace(/[?#].*$/, "");
  const root = p.toLowerCase().indexOf(API_ROOT);
  if (root >= 0) p = p.slice(root + API_ROOT.length);
  p = `/${p.replace(/^\/+/, "")}`.replace(/\/{2,}/g, "/");
  return p.length > 1 ? p.replace(/\/$/, "") : p;
}

/**
 * How well `path` fits `template`: the number of fixed segments that matched, plus a bonus when the
 * placeholders are written exactly as in the template; -1 when it does not fit. Fixed segments compare
 * case-insensitively (ConnectWise routes do); a placeholder matches any one non-empty segment.
 */
export function templateScore(template: string, path: string): number {
  const t = template.split("/").filter(Boolean);
  const p = path.split("/").filter(Boolean);
  if (t.length !== p.length) return -1;
  let score = 0;
  for (let i = 0; i < t.length; i++) {
    const ts = t[i]!;
    const ps = p[i]!;
    if (ts.startsWith("{")) {
      if (ps === ts) score += 0.5;
      continue;
    }
    if (ts.toLowerCase() !== ps.toLowerCase()) return -1;
    score += 1;
  }
  return score;
}

/** Templates that fit `path`, best first. */
export function matchTemplates<T extends { path: string }>(rows: readonly T[], path: string): T[] {
  const scored = fittingTemplates(rows, normalizePath(path));
  const best = Math.max(...scored.map((s) => s.score));
  return scored.filter((s) => s.score === best).map((s) => s.row);
}

/** Every template that fits a normalised path, with its templateScore (≥ 0). */
export function fittingTemplates<T extends { path: string }>(rows: readonly T[], target: string): { row: T; score: number }[] {
  const segments = target.split("/").filter(Boolean);
  const scored: { row: T; score: number }[] = [];
  // Only templates with as many segments and the same first one (or a placeholder there) can fit.
  const buckets = bucketsOf(rows);
  for (const key of [bucketKey(segments.length, segments[0] ?? ""), bucketKey(segments.length, "{")]) {
    for (const row of buckets.get(key) ?? []) {
      const score = templateScore(row.path, target);
      if (score >= 0) scored.push({ row, score });
    }
  }
  return scored;
}

const bucketKey = (length: number, first: string) => `${length}/${first.toLowerCase()}`;

const bucketCache = new WeakMap<readonly { path: string }[], Map<string, { path: string }[]>>();

/** The rows grouped by segment count and first segment, worked out once per rows array (the catalogue keeps one). */
function bucketsOf<T extends { path: string }>(rows: readonly T[]): Map<string, T[]> {
  let buckets = bucketCache.get(rows) as Map<string, T[]> | undefined;
  if (!buckets) {
    buckets = new Map();
    for (const row of rows) {
      const segments = row.path.split("/").filter(Boolean);
      const first = segments[0] ?? "";
      const key = bucketKey(segments.length, first.startsWith("{") ? "{" : first);
      let bucket = buckets.get(key);
      if (!bucket) buckets.set(key, (bucket = []));
      bucket.push(row);
    }
    bucketCache.set(rows, buckets);
  }
  return buckets;
}

/**
 * The templates nearest to a path that matched nothing (a typo, a wrong module), best first.
 * Segments are compared by edit distance; placeholders fit any segment.
 */
export function closestTemplates<T extends { path: string }>(rows: readonly T[], path: string, limit = 5): T[] {
  const target = normalizePath(path).split("/").filter(Boolean).map((s) => s.toLowerCase());
  const seen = new Set<string>();
  const scored: { row: T; distance: number }[] = [];
  for (const row of rows) {
    if (seen.has(row.path)) continue;
    seen.add(row.path);
    const t = row.path.split("/").filter(Boolean);
    let distance = Math.abs(t.length - target.length) * 4;
    for (let i = 0; i < Math.min(t.length, target.length); i++) {
      const ts = t[i]!;
      if (!ts.startsWith("{")) distance += editDistance(ts.toLowerCase(), target[i]!) / Math.max(ts.length, 1);
      else if (/^[a-z]+$/i.test(target[i]!)) distance += 0.3; // a word where an id belongs
    }
    scored.push({ row, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.row.path.localeCompare(b.row.path));
  return scored.slice(0, limit).map((s) => s.row);
}

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
