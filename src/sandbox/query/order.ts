/**
 * `orderBy=board/name asc, id desc`: several keys, nested paths, asc by default; ties fall back to id.
 * Nulls sort first ascending, as on SQL Server. An unknown name is refused like one in `conditions`.
 */
import { cwError } from "../errors.js";

export interface Readable {
  resolve(segments: string[]): { read(record: unknown): unknown } | undefined;
}

type Key = { read: (record: unknown) => unknown; direction: 1 | -1 };

export function compileOrderBy(text: string | undefined, model: Readable): ((a: { id: number }, b: { id: number }) => number) | undefined {
  if (!text || !text.trim()) return undefined;
  const keys: Key[] = text.split(",").map((part) => {
    const m = /^\s*([\w/]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!m) throw cwError(400, "ApiFindCondition", `Invalid orderBy "${part.trim()}": use <field> [asc|desc], separated by commas.`);
    const field = model.resolve(m[1]!.split("/"));
    if (!field) throw cwError(400, "ApiFindCondition", `${m[1]} is not a recognized name.`);
    return { read: (r) => field.read(r), direction: m[2]?.toLowerCase() === "desc" ? -1 : 1 };
  });
  return (a, b) => {
    for (const key of keys) {
      const c = compareValues(key.read(a), key.read(b));
      if (c !== 0) return c * key.direction;
    }
    return a.id - b.id;
  };
}

export function compareValues(x: unknown, y: unknown): number {
  const xNull = x === null || x === undefined;
  const yNull = y === null || y === undefined;
  if (xNull || yNull) return xNull === yNull ? 0 : xNull ? -1 : 1;
  if (typeof x === "number" && typeof y === "number") return x - y;
  if (typeof x === "boolean" && typeof y === "boolean") return Number(x) - Number(y);
  const sx = String(x).toLowerCase();
  const sy = String(y).toLowerCase();
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}
