/**
 * Values into ConnectWise conditions. Every value a caller gives reaches a condition through
 * `conditionValue` (strings) or a helper that accepts only its own type, so no value can break out of
 * its quotes or add a clause. The generator refuses templates that print a value any other way.
 *
 * Quoting: a string goes in double quotes, or in single quotes when it contains a double quote; a value
 * with both kinds is refused (ConnectWise documents no escape for quotes, so there is no safe spelling).
 * Backslashes are doubled, so a trailing backslash cannot escape the closing quote.
 */
import { CwApiError } from "../http/errors.js";
import { wholeSecondsUtc } from "../http/timestamps.js";

export function conditionValue(value: unknown): string {
  const text = String(value ?? "");
  if (/[\u0000-\u001f\u007f]/.test(text)) throw refuse(text, "it contains control characters");
  const hasDouble = text.includes('"');
  const hasSingle = text.includes("'");
  if (hasDouble && hasSingle) throw refuse(text, "it contains both kinds of quote (\" and '), which ConnectWise conditions cannot hold safely");
  const body = text.replace(/\\/g, "\\\\");
  return hasDouble ? `'${body}'` : `"${body}"`;
}

function refuse(text: string, why: string): CwApiError {
  return new CwApiError({ kind: "refused", message: `The value ${JSON.stringify(text.slice(0, 80))} cannot be used in a condition: ${why}.` });
}

function integer(value: unknown): string {
  const text = String(value).trim();
  const n = typeof value === "number" ? value : /^-?\d{1,15}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw refuse(String(value), "a whole number is expected");
  return String(n);
}

function number(value: unknown): string {
  const text = String(value).trim();
  const n = typeof value === "number" ? value : /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n)) throw refuse(String(value), "a number is expected");
  return String(n);
}

function boolean(value: unknown): string {
  const v = String(value).toLowerCase();
  if (v === "true") return "true";
  if (v === "false") return "false";
  throw refuse(String(value), "true or false is expected");
}

/** `[2025-01-01T00:00:00Z]` from a value the caller's dates were already turned into (ISO, UTC). */
function datetime(value: unknown): string {
  const iso = wholeSecondsUtc(String(value));
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(iso)) throw refuse(String(value), "a date is expected");
  return `[${iso}]`;
}

function list(values: unknown, item: (v: unknown) => string): string {
  const items = Array.isArray(values) ? values : String(values).split(",").map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw refuse(String(values), "at least one value is expected");
  return `(${items.map(item).join(", ")})`;
}

/** The helpers condition templates may use; each takes one value. */
export const CONDITION_HELPERS: Record<string, (value: unknown) => string> = {
  str: conditionValue,
  int: integer,
  num: number,
  bool: boolean,
  date: datetime,
  strs: (v) => list(v, conditionValue),
  ints: (v) => list(v, integer),
};
