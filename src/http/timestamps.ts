/**
 * ConnectWise wants datetimes in UTC with whole seconds: `[2025-01-01T00:00:00Z]` in conditions and
 * `"2025-01-01T00:00:00Z"` in bodies. Some Manage versions refuse fractional seconds or offsets, so
 * everything the server sends is normalised here: offsets converted to UTC, fractions dropped,
 * date-only condition literals widened to midnight UTC.
 */
const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** `2025-01-01T10:00:00.123+02:00` → `2025-01-01T08:00:00Z`; other strings unchanged. */
export function wholeSecondsUtc(value: string): string {
  const m = ISO.exec(value.trim());
  if (!m) return value;
  const time = m[2]!.length === 5 ? `${m[2]}:00` : m[2]!;
  // Date.parse rolls impossible dates over (2025-02-30 → 2025-03-02, 24:00 → the next day): leave those
  // unchanged, so ConnectWise refuses them instead of answering for another day.
  if (!isCalendarTime(m[1]!, time)) return value;
  const zone = m[4] ? (m[4] === "Z" ? "Z" : m[4].replace(/^([+-]\d{2})(\d{2})$/, "$1:$2")) : "Z";
  const at = Date.parse(`${m[1]}T${time}${zone}`);
  if (Number.isNaN(at)) return value;
  return new Date(Math.floor(at / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `yyyy-mm-dd` and `hh:mm:ss` name a real day and time of day. */
function isCalendarTime(date: string, time: string): boolean {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute, second] = time.split(":").map(Number) as [number, number, number];
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day && hour <= 23 && minute <= 59 && second <= 59;
}

/**
 * Every `[…]` datetime literal in a conditions string, in ConnectWise's form. Quoted strings are left
 * alone: `summary contains "[2025-01-01]"` searches for that text.
 */
export function normaliseConditionDates(conditions: string): string {
  let out = "";
  let quote: string | undefined;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i]!;
    if (quote) {
      out += c;
      if (c === "\\" && i + 1 < conditions.length) out += conditions[++i];
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    if (c === "[") {
      const end = conditions.indexOf("]", i);
      const inner = end > i ? conditions.slice(i + 1, end) : "";
      const iso = /^\d{4}-\d{2}-\d{2}$/.test(inner) ? `${inner}T00:00:00Z` : inner;
      if (ISO.test(iso)) {
        out += `[${wholeSecondsUtc(iso)}]`;
        i = end;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** A request body with every ISO datetime string normalised (objects and arrays walked). */
export function normaliseBodyDates<T>(body: T): T {
  if (typeof body === "string") return wholeSecondsUtc(body) as T;
  if (Array.isArray(body)) return body.map(normaliseBodyDates) as T;
  if (body && typeof body === "object") {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, normaliseBodyDates(v)])) as T;
  }
  return body;
}
