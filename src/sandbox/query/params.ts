/**
 * Query parameters the way ConnectWise reads them: names case-insensitive (`pagesize`, `orderby`,
 * `childconditions` all work), the first occurrence wins, and the raw query kept for Link headers.
 */
export class QueryParams {
  private readonly values = new Map<string, string>();

  constructor(readonly raw: string) {
    for (const [k, v] of new URLSearchParams(raw)) {
      const key = k.toLowerCase();
      if (!this.values.has(key)) this.values.set(key, v);
    }
  }

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase());
  }

  /** Every parameter by its lower-cased name. */
  entries(): Record<string, string> {
    return Object.fromEntries(this.values);
  }

  /** The raw query without the named parameters (any case), in original order and encoding. */
  rawWithout(...names: string[]): string[] {
    const drop = new Set(names.map((n) => n.toLowerCase()));
    return this.raw
      .split("&")
      .filter((pair) => pair && !drop.has(decodeURIComponentSafe(pair.split("=")[0]!).toLowerCase()));
  }
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}
