/**
 * Raw params → checked values, against the params the operation declares in operations.yaml (one
 * source for what cw_list_operations shows and what the handler accepts). Dates are read in
 * CW_TIMEZONE ("-30d", "2026-03-01", "today"); member, company and board names resolve through the
 * runtime's cached look-ups; defaults come from the declaration. Every error names the parameter and
 * says what to give instead.
 */
import { DateTime } from "luxon";
import { CwApiError } from "../http/errors.js";
import { parseDateInput } from "../operations/dates.js";
import type { Lookups, Resolved } from "../operations/lookups.js";
import { REFERENCE_TYPES, type OperationDef, type OperationParam, type ParamType } from "../operations/types.js";
import type { Window } from "./types.js";

export interface ParamContext {
  lookups: Pick<Lookups, "resolve">;
  zone: string;
  now: Date;
  signal?: AbortSignal;
}

function refuse(param: string, problem: string, hint?: string): CwApiError {
  return new CwApiError({ kind: "refused", message: `Parameter "${param}": ${problem}`, ...(hint ? { hint } : {}) });
}

/** The checked values of one call, read by the definition's `parse`. */
export class ParamValues {
  constructor(
    private readonly values: ReadonlyMap<string, unknown>,
    readonly operation = "the operation",
  ) {}

  /** Values as a definition would receive them (tests build these by hand). */
  static of(values: Record<string, unknown>, operation?: string): ParamValues {
    return new ParamValues(new Map(Object.entries(values).filter(([, v]) => v !== undefined)), operation);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  string(name: string): string | undefined {
    const v = this.values.get(name);
    return v === undefined ? undefined : String(v);
  }

  /** A whole number, within bounds when given. */
  int(name: string, bounds: { min?: number; max?: number } = {}): number | undefined {
    const v = this.values.get(name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if ((bounds.min !== undefined && n < bounds.min) || (bounds.max !== undefined && n > bounds.max)) {
      throw refuse(name, `${n} is out of range.`, `Give a whole number${bounds.min !== undefined ? ` from ${bounds.min}` : ""}${bounds.max !== undefined ? ` up to ${bounds.max}` : ""}.`);
    }
    return n;
  }

  number(name: string): number | undefined {
    const v = this.values.get(name);
    return v === undefined ? undefined : Number(v);
  }

  bool(name: string): boolean | undefined {
    const v = this.values.get(name);
    return v === undefined ? undefined : v === true;
  }

  date(name: string): DateTime | undefined {
    const v = this.values.get(name);
    return v instanceof DateTime ? v : undefined;
  }

  ref(name: string): Resolved | undefined {
    const v = this.values.get(name);
    return v && typeof v === "object" && !(v instanceof DateTime) ? (v as Resolved) : undefined;
  }

  /** The [start, end) range of two date params; start must come first. */
  window(startName = "start", endName = "end"): Window {
    const start = this.date(startName);
    const end = this.date(endName);
    if (!start) throw refuse(startName, "is missing.", "Give a date such as -30d or 2026-03-01.");
    if (!end) throw refuse(endName, "is missing.", "Give a date such as today or 2026-03-31.");
    if (start >= end) {
      throw refuse(startName, `${start.toISODate()} is not before ${endName} (${end.minus({ milliseconds: 1 }).toISODate()}).`, `Give ${startName} before ${endName}, e.g. ${startName}: -30d, ${endName}: today.`);
    }
    return { start, end };
  }
}

/** Check `raw` against the operation's declared params and read each value as its type says. */
export async function readParams(op: OperationDef, raw: Record<string, unknown>, ctx: ParamContext): Promise<ParamValues> {
  const declared = new Map(op.params.map((p) => [p.name, p]));
  for (const name of Object.keys(raw)) {
    if (name === "confirm") continue; // cw_operation's own flag for writes; analytics only read.
    if (!declared.has(name)) {
      throw new CwApiError({
        kind: "refused",
        message: `${op.name} has no parameter "${name}".`,
        hint: op.params.length ? `It takes: ${op.params.map((p) => `${p.name}${p.required ? " (required)" : ""}`).join(", ")}.` : "It takes no parameters.",
      });
    }
  }
  const values = new Map<string, unknown>();
  for (const p of op.params) {
    const given = raw[p.name];
    const value = given === undefined || given === null || given === "" ? p.default : given;
    if (value === undefined) {
      if (p.required) throw refuse(p.name, "is required.", `${p.description}.`);
      continue;
    }
    values.set(p.name, await readValue(p, value, ctx));
  }
  return new ParamValues(values, op.name);
}

async function readValue(p: OperationParam, value: unknown, ctx: ParamContext): Promise<unknown> {
  if ((REFERENCE_TYPES as readonly string[]).includes(p.type)) {
    return ctx.lookups.resolve(p.type as ParamType, value, p.name, undefined, ctx.signal);
  }
  switch (p.type) {
    case "integer": {
      const n = typeof value === "number" ? value : /^\s*-?\d+\s*$/.test(String(value)) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n)) throw refuse(p.name, `${JSON.stringify(value)} is not a whole number.`, `${p.description}.`);
      return n;
    }
    case "number": {
      const n = typeof value === "number" ? value : Number(String(value).trim());
      if (!Number.isFinite(n) || String(value).trim() === "") throw refuse(p.name, `${JSON.stringify(value)} is not a number.`, `${p.description}.`);
      return n;
    }
    case "boolean": {
      const text = String(value).trim().toLowerCase();
      if (value === true || text === "true" || text === "yes") return true;
      if (value === false || text === "false" || text === "no") return false;
      throw refuse(p.name, `${JSON.stringify(value)} is not true or false.`);
    }
    case "date": {
      try {
        return DateTime.fromISO(parseDateInput(value, ctx.zone, p.endOfDay === true, ctx.now), { zone: "utc" }).setZone(ctx.zone);
      } catch (err) {
        if (err instanceof CwApiError) throw refuse(p.name, err.message, err.hint);
        throw err;
      }
    }
    case "string": {
      if (typeof value === "object") throw refuse(p.name, "expects text.", `${p.description}.`);
      const text = String(value).trim();
      if (p.enum) {
        const match = p.enum.find((e) => e.toLowerCase() === text.toLowerCase());
        if (!match) throw refuse(p.name, `"${text}" is not one of ${p.enum.join(", ")}.`, `Give one of: ${p.enum.join(", ")}.`);
        return match;
      }
      return text;
    }
    default:
      throw refuse(p.name, `type ${p.type} is not read by analytics operations.`);
  }
}
