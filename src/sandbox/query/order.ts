/**
 * `orderBy=board/name asc, id desc`: several keys, nested paths, asc by default; ties fall back to id.
 * Nulls sort first ascending, as on SQL Server. An unknown name is refused like one in `conditions`.
 */
import { cwError } from "../errors.js";

export interface Readable {
  resolve(segments: string[]): { read(record: unknown): unknown } | undefined;
}

type Key = { read: (record: unknown) => unknown; direction: 1 | -1 };

/** A sort key read once per row: the value, and its lower-cased text for the comparisons that need it. */
type Cell = { value: unknown; text: string };

/**
 * The sort for an `orderBy`, or undefined when there is none. It returns a sorted copy; each row's keys are
 * read (and lower-cased) once, not once per comparison, which matters for 10,000-row lists.
 */
export function compileOrderBy<T extends { id: number }>(text: string | undefined, model: Readable): ((rows: readonly T[]) => T[]) | undefined {
  if (!text || !text.trim()) return undefined;
  const keys: Key[] = text.split(",").map((part) => {
    const m = /^\s*([\w/]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    if (!m) throw cwError(400, "ApiFindCondition", `Invalid orderBy "${part.trim()}": use <field> [asc|desc], separated by commas.`);
    const field = model.resolve(m[1]!.split("/"));
    if (!field) throw cwError(400, "ApiFindCondition", `${m[1]} is not a recognized name.`);
    return { read: (r) => field.read(r), direction: m[2]?.toLowerCase() === "desc" ? -1 : 1 };
  });
  return (rows) => {
    const decorated = rows.map((row) => ({ row, cells: keys.map((key): Cell => cellOf(key.read(row))) }));
    decorated.sort((a, b) => {
      for (let i = 0; i < keys.length; i++) {
        const c = compareCells(a.cells[i]!, b.cells[i]!);
        if (c !== 0) return c * keys[i]!.direction;
      }
      return a.row.id - b.row.id;
    });
    return decorated.map((d) => d.row);
  };
}

function cellOf(value: unknown): Cell {
  return { value, text: value === null || value === undefined || typeof value === "number" || typeof value === "boolean" ? "" : String(value).toLowerCase() };
}

/** Nulls first, numbers and booleans by value, anything else by its lower-cased text (mixed types as text). */
function compareCells(a: Cell, b: Cell): number {
  const x = a.value;
  const y = b.value;
  const xNull = x === null || x === undefined;
  const yNull = y === null || y === undefined;
  if (xNull || yNull) return xNull === yNull ? 0 : xNull ? -1 : 1;
  if (typeof x === "number" && typeof y === "number") return x - y;
  if (typeof x === "boolean" && typeof y === "boolean") return Number(x) - Number(y);
  const sx = typeof x === "number" || typeof x === "boolean" ? String(x).toLowerCase() : a.text;
  const sy = typeof y === "number" || typeof y === "boolean" ? String(y).toLowerCase() : b.text;
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}
