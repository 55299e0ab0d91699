/**
 * Report parameters: what each one accepts, and parsing a query string into canonical values.
 * A bad or missing parameter is a `ParamError` naming the parameter and the format it expects,
 * which the UI shows on a 400 page.
 */

export interface ParamSpec {
  name: string;
  label: string;
  required: boolean;
  /** What a valid value looks like, in words: "a date as YYYY-MM-DD, e.g. 2026-01-31". */
  format: string;
  /** The canonical value, or undefined when `raw` (trimmed, non-empty) is not valid. */
  parse(raw: string): string | undefined;
  /** The value used when the parameter is absent. */
  fallback?: string;
  /** The only accepted values, offered as a select in the parameter form. */
  choices?: readonly string[];
  input: "date" | "text" | "select";
}

export type ParamValues = Readonly<Record<string, string | undefined>>;

export interface ParsedParams {
  /** Every parameter's value, fallbacks included. */
  values: ParamValues;
  /** The parameters the request gave, canonicalised, in definition order: what links carry on. */
  given: [string, string][];
}

export class ParamError {
  constructor(
    readonly param: string,
    readonly message: string,
  ) {}
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day as YYYY-MM-DD, or undefined. */
export function parseDay(raw: string): string | undefined {
  const m = DATE.exec(raw);
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === raw ? raw : undefined;
}

export function dateParam(name: string, label: string): ParamSpec {
  return { name, label, required: true, format: "a date as YYYY-MM-DD, e.g. 2026-01-31", parse: parseDay, input: "date" };
}

export function textParam(name: string, label: string, format: string): ParamSpec {
  return { name, label, required: false, format, parse: (raw) => (raw.length <= 200 ? raw : undefined), input: "text" };
}

/** One of `choices`, matched case-insensitively and answered in the canonical spelling. */
export function choiceParam(name: string, label: string, choices: readonly string[], fallback: string): ParamSpec {
  return {
    name,
    label,
    required: false,
    format: `one of ${choices.join(", ")}`,
    parse: (raw) => choices.find((c) => c.toLowerCase() === raw.toLowerCase()),
    fallback,
    choices,
    input: "select",
  };
}

export function parseParams(specs: readonly ParamSpec[], query: URLSearchParams): ParsedParams | ParamError {
  const values: Record<string, string | undefined> = {};
  const given: [string, string][] = [];
  for (const spec of specs) {
    const raw = query.get(spec.name)?.trim() ?? "";
    if (raw === "") {
      if (spec.required) return new ParamError(spec.name, `The parameter "${spec.name}" (${spec.label}) is required: give ${spec.format}.`);
      values[spec.name] = spec.fallback;
      continue;
    }
    const value = spec.parse(raw);
    if (value === undefined) {
      return new ParamError(spec.name, `The parameter "${spec.name}" (${spec.label}) is not valid: "${raw}" was given, expected ${spec.format}.`);
    }
    values[spec.name] = value;
    given.push([spec.name, value]);
  }
  return { values, given };
}
