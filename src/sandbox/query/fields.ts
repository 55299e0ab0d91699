/**
 * `fields=id,summary,board/name`: a partial response that keeps nesting. Unknown names are ignored, as
 * ConnectWise ignores them; `_info` appears only when asked for.
 */
type FieldTree = Map<string, FieldTree | true>;

export function parseFields(text: string | undefined): FieldTree | undefined {
  if (!text || !text.trim()) return undefined;
  const tree: FieldTree = new Map();
  for (const raw of text.split(",")) {
    const parts = raw.trim().split("/").filter(Boolean).map((p) => p.toLowerCase());
    let node = tree;
    parts.forEach((part, i) => {
      const existing = node.get(part);
      if (i === parts.length - 1) node.set(part, true);
      else if (existing === true) return;
      else {
        const child: FieldTree = existing ?? new Map();
        node.set(part, child);
        node = child;
      }
    });
  }
  return tree;
}

/** Field names repeat across every record of a list: each is lower-cased once (names come from the schema). */
const lowered = new Map<string, string>();

function lower(key: string): string {
  let l = lowered.get(key);
  if (l === undefined) {
    l = key.toLowerCase();
    if (lowered.size < 20_000) lowered.set(key, l);
  }
  return l;
}

export function project(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) return value.map((v) => project(v, tree));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const want = tree.get(lower(key));
    if (want === undefined) continue;
    out[key] = want === true ? record[key] : project(record[key], want);
  }
  return out;
}
