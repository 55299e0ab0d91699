/**
 * Fetch a whole collection, page by page, up to a limit.
 *
 * Without an orderBy, forward-only paging (`pagination-type: forward-only`, `pageId`) is used where the
 * endpoint supports it: id order, no skipped or repeated records while data changes. An endpoint that
 * does not support it answers without a Link header; then, and whenever an orderBy is given, pages are
 * numbered and fetched concurrently (the client's limiter keeps at most N in flight), using the
 * /count endpoint for the total.
 */
import type { CwHttp } from "./client.js";

export interface PaginateOptions {
  path: string;
  /** The collection's /count path, when the spec has one. */
  countPath?: string;
  query: Record<string, string>;
  maxItems: number;
  pageSize?: number;
  signal?: AbortSignal;
  /** Awaited, so progress reaches the client before the next page is asked for (and before the answer). */
  onPage?: (progress: { fetched: number; total?: number; pages: number }) => void | Promise<void>;
}

export interface PaginateResult {
  items: unknown[];
  fetched: number;
  total?: number;
  truncated: boolean;
  pages: number;
  strategy: "forward-only" | "numbered pages";
}

export async function fetchAll(http: CwHttp, options: PaginateOptions): Promise<PaginateResult> {
  const pageSize = Math.min(options.pageSize ?? 250, 1000, Math.max(1, options.maxItems));
  const signal = options.signal;
  const countPromise = options.countPath ? countOf(http, options.countPath, options.query, signal) : Promise.resolve(undefined);
  const base = { path: options.path, ...(signal ? { signal } : {}) };
  let pages = 0;
  const items: unknown[] = [];
  const report = async (total?: number) => options.onPage?.({ fetched: Math.min(items.length, options.maxItems), pages, ...(total !== undefined ? { total } : {}) });

  if (!options.query.orderBy) {
    const first = await http.request({ ...base, method: "GET", query: { ...options.query, pageSize }, headers: { "pagination-type": "forward-only" } });
    pages++;
    const firstItems = asArray(first.data);
    items.push(...firstItems);
    const link = first.headers.get("link");
    if (link !== null) {
      const total = await countPromise;
      await report(total);
      let next = nextPageId(link);
      while (next !== undefined && items.length < options.maxItems) {
        const res = await http.request({
          ...base,
          method: "GET",
          // The last page asks only for what is still wanted.
          query: { ...options.query, pageSize: Math.min(pageSize, options.maxItems - items.length), pageId: next },
          headers: { "pagination-type": "forward-only" },
        });
        pages++;
        items.push(...asArray(res.data));
        next = nextPageId(res.headers.get("link") ?? "");
        await report(total);
      }
      return finish(items, options.maxItems, total, pages, "forward-only", next !== undefined);
    }
    // No Link header: forward-only is not supported here; page 1 in id order is still page 1.
    const total = await countPromise;
    await report(total);
    if (firstItems.length < pageSize) return finish(items, options.maxItems, total ?? items.length, pages, "numbered pages", false);
    return numbered(http, options, pageSize, items, pages, total, 2, report);
  }

  const total = await countPromise;
  return numbered(http, options, pageSize, items, pages, total, 1, report);
}

async function numbered(
  http: CwHttp,
  options: PaginateOptions,
  pageSize: number,
  items: unknown[],
  pagesSoFar: number,
  total: number | undefined,
  firstPage: number,
  report: (total?: number) => Promise<void>,
): Promise<PaginateResult> {
  let pages = pagesSoFar;
  const fetchPage = async (page: number) => {
    const res = await http.request({ path: options.path, method: "GET", query: { ...options.query, pageSize, page }, ...(options.signal ? { signal: options.signal } : {}) });
    pages++;
    return asArray(res.data);
  };
  if (total !== undefined) {
    const lastPage = Math.min(Math.ceil(total / pageSize), Math.ceil(options.maxItems / pageSize));
    const wanted = Array.from({ length: Math.max(0, lastPage - firstPage + 1) }, (_, i) => firstPage + i);
    const results: unknown[][] = new Array(wanted.length);
    await Promise.all(
      wanted.map(async (page, i) => {
        results[i] = await fetchPage(page);
        await report(total);
      }),
    );
    for (const r of results) items.push(...r);
    return finish(items, options.maxItems, total, pages, "numbered pages", items.length < total);
  }
  for (let page = firstPage; items.length < options.maxItems; page++) {
    const got = await fetchPage(page);
    items.push(...got);
    await report();
    if (got.length < pageSize) return finish(items, options.maxItems, undefined, pages, "numbered pages", false);
  }
  return finish(items, options.maxItems, undefined, pages, "numbered pages", true);
}

function finish(items: unknown[], maxItems: number, total: number | undefined, pages: number, strategy: PaginateResult["strategy"], more: boolean): PaginateResult {
  const kept = items.slice(0, maxItems);
  return {
    items: kept,
    fetched: kept.length,
    ...(total !== undefined ? { total } : {}),
    truncated: items.length > maxItems || more || (total !== undefined && total > kept.length),
    pages,
    strategy,
  };
}

/** The total, for progress and `truncated`; a count that fails only costs the total, never the fetch. */
async function countOf(http: CwHttp, path: string, query: Record<string, string>, signal?: AbortSignal): Promise<number | undefined> {
  const filters = Object.fromEntries(Object.entries(query).filter(([k]) => ["conditions", "childConditions", "customFieldConditions"].includes(k)));
  try {
    const res = await http.request({ method: "GET", path, query: filters, ...(signal ? { signal } : {}) });
    const count = (res.data as { count?: unknown } | undefined)?.count;
    return typeof count === "number" ? count : undefined;
  } catch {
    return undefined;
  }
}

function nextPageId(link: string): number | undefined {
  const m = /<[^>]*[?&]pageId=(\d+)[^>]*>;\s*rel="next"/i.exec(link);
  return m ? Number(m[1]) : undefined;
}

function asArray(data: unknown): unknown[] {
  return Array.isArray(data) ? data : [];
}
