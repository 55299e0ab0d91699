/**
 * Reads for analytics: the composites' reader (one record, a short list) plus what aggregation needs —
 * a whole filtered collection in numbered pages of 1,000, and counts where a count is enough.
 *
 * `all` asks for page 1 and the /count together: a collection that fits in one page costs one round
 * trip, a larger one a second round in which every remaining page is fetched at once (the client's
 * limiter bounds what is in flight). A read cut short by its limit is noted, so the answer can say its
 * figures are partial.
 */
import type { CwHttp } from "../http/client.js";
import { reader, type Reader, type Rec } from "../composites/read.js";

type Query = Record<string, string | number | boolean>;

export interface AnalyticsReader extends Reader {
  /** Every record matching the query, up to `max`, ordered by id unless the query orders. */
  all(path: string, query?: Query, max?: number): Promise<Rec[]>;
  /** How many records match `conditions`. */
  count(path: string, conditions?: string): Promise<number>;
  /** The answer as sent, record or list: for endpoints whose shape varies (an opportunity's forecast). */
  body(path: string, query?: Query): Promise<unknown>;
  /** Reads that stopped at their limit: "/time/entries: read the first 60,000 of 61,112". */
  readonly truncated: string[];
}

/** A read's default ceiling: a large MSP's month of time entries, bounded so one call cannot run away. */
export const DEFAULT_MAX = 60_000;
const PAGE = 1000;

export function analyticsReader(http: CwHttp, signal?: AbortSignal): AnalyticsReader {
  const base = reader(http, signal);
  const truncated: string[] = [];
  const withSignal = signal ? { signal } : {};
  const page = async (path: string, query: Record<string, string>, n: number, size: number): Promise<Rec[]> => {
    const res = await http.request({ method: "GET", path, query: { ...query, page: n, pageSize: size }, ...withSignal });
    return Array.isArray(res.data) ? (res.data as Rec[]) : [];
  };
  const count = async (path: string, conditions?: string): Promise<number> => {
    const res = await http.request({ method: "GET", path: `${path}/count`, query: conditions ? { conditions } : {}, ...withSignal });
    const n = (res.data as { count?: unknown } | undefined)?.count;
    return typeof n === "number" ? n : 0;
  };
  return {
    ...base,
    truncated,
    count,
    async body(path, query = {}) {
      return (await http.request({ method: "GET", path, query, ...withSignal })).data;
    },
    async all(path, query = {}, max = DEFAULT_MAX) {
      const q: Record<string, string> = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)]));
      // A stable order, so numbered pages neither skip nor repeat a record.
      q.orderBy ??= "id";
      const size = Math.min(PAGE, max);
      const [first, total] = await Promise.all([page(path, q, 1, size), count(path, q.conditions).catch(() => undefined)]);
      if (first.length < size) return first;
      let items = first;
      if (total !== undefined) {
        const pages = Math.ceil(Math.min(total, max) / size);
        const rest = Array.from({ length: Math.max(0, pages - 1) }, (_, i) => page(path, q, i + 2, size));
        items = [first, ...(await Promise.all(rest))].flat();
      } else {
        // No count: walk on page by page until a short page.
        for (let n = 2; items.length < max; n++) {
          const more = await page(path, q, n, size);
          items = items.concat(more);
          if (more.length < size) break;
        }
      }
      if (items.length > max || (total ?? 0) > max) {
        truncated.push(`${path}: read the first ${Math.min(items.length, max).toLocaleString("en-US")}${total !== undefined ? ` of ${total.toLocaleString("en-US")}` : ""}`);
        items = items.slice(0, max);
      }
      return items;
    },
  };
}
