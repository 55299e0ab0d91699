/**
 * A report's parameters, as the caller gave them, made canonical: relative dates become calendar days in
 * CW_TIMEZONE (so "-7d" today and "-7d" tomorrow are different cache entries), choices take their canonical
 * spelling, defaults fill the gaps. The canonical values are the cache key and the query string.
 */
import { DateTime } from "luxon";
import type { ReportDefinition, ReportParam } from "./definitions.js";
import { ReportError } from "./errors.js";

export type GivenParams = Record<string, string | number | boolean>;

export interface ResolvedParams {
  /** name → canonical value, only the parameters that have one. */
  values: Record<string, string>;
  /** The cache key part: the values as JSON with sorted keys. */
  key: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const RELATIVE = /^([+-])(\d{1,4})\s*([dwm])$/i;

export function resolveParams(def: ReportDefinition, given: GivenParams = {}, zone = "UTC", now: Date = new Date()): ResolvedParams {
  const known = new Map(def.params.map((p) => [p.name.toLowerCase(), p]));
  const unknown = Object.keys(given).filter((k) => !known.has(k.toLowerCase()));
  if (unknown.length > 0) {
    const list = def.params.length ? def.params.map((p) => p.name).join(", ") : "none";
    throw new ReportError("bad-params", `${def.id} has no parameter ${unknown.map((k) => `"${k}"`).join(", ")}. Its parameters: ${list}.`);
  }
  const byName = new Map(Object.entries(given).map(([k, v]) => [k.toLowerCase(), v]));
  const values: Record<string, string> = {};
  for (const p of def.params) {
    const raw = byName.get(p.name.toLowerCase());
    const text = raw === undefined ? p.default : String(raw).trim();
    if (text === undefined || text === "") {
      if (p.required) throw new ReportError("bad-params", `${def.id} needs the parameter "${p.name}": ${p.description}.`);
      continue;
    }
    values[p.name] = canonical(def, p, text, zone, now);
  }
  const key = JSON.stringify(Object.fromEntries(Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1))));
  return { values, key };
}

function canonical(def: ReportDefinition, p: ReportParam, text: string, zone: string, now: Date): string {
  if (text.length > 200) throw new ReportError("bad-params", `The parameter "${p.name}" of ${def.id} is longer than 200 characters.`);
  if (p.type === "date") {
    const day = resolveDay(text, zone, now);
    if (!day) throw new ReportError("bad-params", `The parameter "${p.name}" of ${def.id} is not a date: "${text}".`, "Use YYYY-MM-DD, today, yesterday, or an offset such as -7d, -2w, -1m.");
    return day;
  }
  if (p.type === "choice") {
    const choice = p.choices?.find((c) => c.toLowerCase() === text.toLowerCase());
    if (!choice) throw new ReportError("bad-params", `The parameter "${p.name}" of ${def.id} must be one of ${p.choices?.join(", ")}; "${text}" was given.`);
    return choice;
  }
  return text;
}

/** A calendar day (YYYY-MM-DD) from a day or a relative expression, counted in `zone`; undefined when unreadable. */
export function resolveDay(text: string, zone: string, now: Date = new Date()): string | undefined {
  const today = DateTime.fromJSDate(now, { zone }).startOf("day");
  const lower = text.trim().toLowerCase();
  let day: DateTime | undefined;
  if (lower === "today") day = today;
  else if (lower === "yesterday") day = today.minus({ days: 1 });
  else if (lower === "tomorrow") day = today.plus({ days: 1 });
  else if (RELATIVE.test(lower)) {
    const [, sign, amount, unit] = RELATIVE.exec(lower)!;
    const n = Number(amount) * (sign === "-" ? -1 : 1);
    day = today.plus({ [{ d: "days", w: "weeks", m: "months" }[unit as "d" | "w" | "m"]]: n });
  } else if (DAY.test(lower)) {
    const parsed = DateTime.fromISO(lower, { zone });
    if (parsed.isValid && parsed.toISODate() === lower) day = parsed;
  }
  return day?.toISODate() ?? undefined;
}

/**
 * Where the report's page is: the path on the web origin (or the off-origin URL) with the values as the query.
 * A path is appended to the origin, never resolved against it: resolved, `//host/x` or `/\host/x` would name
 * another host.
 */
export function reportUrl(def: ReportDefinition, origin: string, version: string, values: Record<string, string>): string {
  const base = def.url !== undefined ? new URL(def.url) : new URL(`${new URL(origin).origin}${def.path!.replaceAll("{version}", encodeURIComponent(version))}`);
  for (const p of def.params) {
    const value = values[p.name];
    if (value !== undefined) base.searchParams.set(p.query ?? p.name, value);
  }
  return base.toString();
}
