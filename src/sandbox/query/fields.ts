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

/**
 * What each field name, as records spell it, asks of a tree: worked out once per name and tree (a list's
 * records share their names, so a 250-record page looks each one up once).
 */
const wanted = new WeakMap<FieldTree, Map<string, FieldTree | true | null>>();

function want(tree: FieldTree, key: string): FieldTree | true | null {
  let byName = wanted.get(tree);
  if (!byName) wanted.set(tree, (byName = new Map()));
  let w = byName.get(key);
  if (w === undefined) {
    w = tree.get(key.toLowerCase()) ?? null;
    if (byName.size < 10_000) byName.set(key, w);
  }
  return w;
}

export function project(value: unknown, tree: FieldTree): unknown {
  if (Array.isArray(value)) return value.map((v) => project(v, tree));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const w = want(tree, key);
    if (w === null) continue;
    out[key] = w === true ? record[key] : project(record[key], w);
  }
  return out;
}
