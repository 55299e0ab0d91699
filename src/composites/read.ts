/**
 * Reads for composite tools: one record, or a list of up to `max` records in as few requests as the
 * API allows (1,000 per page, the ConnectWise cap). Every read goes through the shared client, so its
 * limiter, retries and timeouts apply.
 */
import type { CwHttp } from "../http/client.js";
import { CwApiError } from "../http/errors.js";
import { fetchAll } from "../http/paginate.js";

export type Rec = Record<string, unknown>;
type Query = Record<string, string | number | boolean>;

export interface Reader {
  one(path: string, query?: Query): Promise<Rec>;
  list(path: string, query?: Query, max?: number): Promise<Rec[]>;
}

export function reader(http: CwHttp, signal?: AbortSignal): Reader {
  const withSignal = signal ? { signal } : {};
  return {
    async one(path, query = {}) {
      const res = await http.request({ method: "GET", path, query, ...withSignal });
      if (!res.data || typeof res.data !== "object" || Array.isArray(res.data)) {
        throw new CwApiError({ kind: "malformed", method: "GET", path, message: "ConnectWise did not answer with a record." });
      }
      return res.data as Rec;
    },
    async list(path, query = {}, max = 1000) {
      const result = await fetchAll(http, {
        path,
        query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])),
        maxItems: max,
        pageSize: 1000,
        ...withSignal,
      });
      return result.items as Rec[];
    },
  };
}

/** `record.company.name` and friends, without a cast at every step. */
export function field(record: unknown, path: string): unknown {
  let v: unknown = record;
  for (const key of path.split(".")) v = v && typeof v === "object" ? (v as Rec)[key] : undefined;
  return v;
}

export const text = (record: unknown, path: string): string | undefined => {
  const v = field(record, path);
  return typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;
};

export const num = (record: unknown, path: string): number | undefined => {
  const v = field(record, path);
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};

export const round2 = (n: number) => Math.round(n * 100) / 100;
