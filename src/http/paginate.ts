/**
 * Fetch a whole collection, page by page, up to a limit.
 *
 * Default: numbered pages (`page`, `pageSize`) fetched concurrently, the client's limiter keeping at most N
 * in flight. ConnectWise's first page carries a `Link` header whose `rel="last"` names the last page, so
 * after one round trip every other page is asked for at once; callers that expect a long list (the
 * paginated-fetch tool) send the first few pages speculatively in the same round trip (`firstWave`), which
 * brings a 20-page read to ceil(20 / 4) round trips. Without an orderBy the order is ConnectWise's default,
 * ascending id; records that appear twice because data moved between two page reads are dropped by id.
 * The /count endpoint is asked only when the answer is cut at `maxItems` (for "N of M"), or when the
 * endpoint sends no usable Link header (to know how many pages there are).
 *
 * `forwardOnly` asks for ConnectWise's forward-only paging instead (`pagination-type: forward-only`,
 * `pageId`): id order, no skipped or repeated records while others edit the data, but each page needs the
 * previous one's last id, so pages follow one another (one round trip each). An endpoint that does not
 * support it answers without a Link header; the rest is then read as numbered pages.
 */
import type { CwHttp, CwResponse } from "./client.js";

export interface PaginateOptions {
  path: string;
  /** The collection's /count path, when the spec has one. */
  countPath?: string;
  query: Record<string, string>;
  maxItems: number;
  pageSize?: number;
  signal?: AbortSignal;
  /** Walk forward-only pages one after another instead of numbered pages in parallel (ignored with an orderBy). */
  forwardOnly?: boolean;
  /**
   * Numbered pages asked for in the first round trip, before ConnectWise has said how many there are
   * (default 1). Pages past the end come back empty: a few cheap requests traded for a round trip.
   */
  firstWave?: number;
  /** Awaited, so progress reaches the client before the next page is asked for (and before the answer). */
  onPage?: (progress: { fetched: number; total?: number; pages: number }) => void | Promise<void>;
}

export interface PaginateResult {
  items: unknown[];
  fetched: number;
  total?: number;
  truncated: boolean;
  /** Page requests made (speculative pages past the end included). */
  pages: number;
  strategy: "forward-only" | "numbered pages";
}

type Report = (total?: number) => Promise<void>;

export async function fetchAll(http: CwHttp, options: PaginateOptions): Promise<PaginateResult> {
  const pageSize = Math.min(options.pageSize ?? 250, 1000, Math.max(1, options.maxItems));
  const state = { pages: 0, fetched: 0 };
  const report: Report = async (total) =>
    options.onPage?.({ fetched: Math.min(state.fetched, options.maxItems), pages: state.pages, ...(total !== undefined ? { total } : {}) });
  if (options.forwardOnly && !options.query.orderBy) return forwardOnly(http, options, pageSize, state, report);
  return numbered(http, options, pageSize, state, report);
}

async function forwardOnly(http: CwHttp, options: PaginateOptions, pageSize: number, state: { pages: number; fetched: number }, report: Report): Promise<PaginateResult> {
  const base = { path: options.path, method: "GET", headers: { "pagination-type": "forward-only" }, ...(options.signal ? { signal: options.signal } : {}) };
  const countPromise = options.countPath ? countOf(http, options.countPath, options.query, options.signal) : Promise.resolve(undefined);
  const first = await http.request({ ...base, query: { ...options.query, pageSize } });
  state.pages++;
  const items = asArray(first.data);
  state.fetched = items.length;
  const link = first.headers.get("link");
  const total = await countPromise;
  if (link === null) {
    // No Link header: forward-only is not supported here; page 1 in id order is still page 1.
    return numbered(http, options, pageSize, state, report, { items, link: null, total });
  }
  await report(total);
  let next = nextPageId(link);
  while (next !== undefined && items.length < options.maxItems) {
    // The last page asks only for what is still wanted.
    const res = await http.request({ ...base, query: { ...options.query, pageSize: Math.min(pageSize, options.maxItems - items.length), pageId: next } });
    state.pages++;
    items.push(...asArray(res.data));
    state.fetched = items.length;
    next = nextPageId(res.headers.get("link") ?? "");
    await report(total);
  }
  const kept = items.slice(0, options.maxItems);
  return {
    items: kept,
    fetched: kept.length,
    ...(total !== undefined ? { total } : {}),
    truncated: items.length > options.maxItems || next !== undefined || (total !== undefined && total > kept.length),
    pages: state.pages,
    strategy: "forward-only",
  };
}

async function numbered(
  http: CwHttp,
  options: PaginateOptions,
  pageSize: number,
  state: { pages: number; fetched: number },
  report: Report,
  page1?: { items: unknown[]; link: string | null; total: number | undefined },
): Promise<PaginateResult> {
  const maxPages = Math.ceil(options.maxItems / pageSize);
  const byPage = new Map<number, unknown[]>();
  let total = page1?.total;
  const fetchPage = async (page: number): Promise<CwResponse> => {
    const res = await http.request({ path: options.path, method: "GET", query: { ...options.query, pageSize, page }, ...(options.signal ? { signal: options.signal } : {}) });
    const got = asArray(res.data);
    state.pages++;
    state.fetched += got.length;
    byPage.set(page, got);
    await report(total);
    return res;
  };
  const fetchPages = (from: number, to: number) => Promise.all(Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => fetchPage(from + i)));

  // Round trip 1: page 1 (and, when asked, the next few on speculation). The rest of the list is asked for
  // as soon as page 1 answers, without waiting for the speculative pages: the limiter starts each one as a
  // slot frees, so the lanes never wait for the slowest answer of a wave.
  let first: { items: unknown[]; link: string | null };
  let asked: number;
  let speculative: Promise<unknown> = Promise.resolve();
  if (page1) {
    byPage.set(1, page1.items);
    first = page1;
    asked = 1;
  } else {
    asked = Math.min(Math.max(1, options.firstWave ?? 1), maxPages);
    const head = fetchPage(1);
    speculative = fetchPages(2, asked);
    // A failed speculative page fails the read below (where it is awaited), not as an unhandled rejection here.
    speculative.catch(() => undefined);
    const res = await head;
    first = { items: byPage.get(1) ?? [], link: res.headers.get("link") };
  }

  let lastPage = lastPageOf(first.link, first.items.length, pageSize);
  const cut = () => lastPage !== undefined && lastPage > maxPages;
  if (lastPage === undefined && options.countPath) {
    total ??= await countOf(http, options.countPath, options.query, options.signal);
    if (total !== undefined) lastPage = Math.max(1, Math.ceil(total / pageSize));
  }

  let more = false;
  if (lastPage !== undefined) {
    // Everything else at once; the total only matters when the answer is cut short.
    const counting = cut() && total === undefined && options.countPath ? countOf(http, options.countPath, options.query, options.signal) : Promise.resolve(total);
    const rest = fetchPages(asked + 1, Math.min(lastPage, maxPages));
    await Promise.all([speculative, rest]);
    total = await counting;
    more = cut();
  } else {
    // No Link header and no /count: one page after another until a short page.
    await speculative;
    let page = asked;
    while ((byPage.get(page)?.length ?? 0) === pageSize && page < maxPages) {
      page++;
      if (!byPage.has(page)) await fetchPage(page);
    }
    more = (byPage.get(page)?.length ?? 0) === pageSize && page >= maxPages;
  }

  const items = inOrder(byPage);
  const kept = items.slice(0, options.maxItems);
  if (!more && items.length <= options.maxItems) total ??= items.length;
  return {
    items: kept,
    fetched: kept.length,
    ...(total !== undefined ? { total } : {}),
    truncated: more || items.length > options.maxItems || (total !== undefined && total > kept.length),
    pages: state.pages,
    strategy: "numbered pages",
  };
}

/** Pages in page order, without a record (same id) that a shift in the data brought onto two pages. */
function inOrder(byPage: Map<number, unknown[]>): unknown[] {
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const page of [...byPage.keys()].sort((a, b) => a - b)) {
    for (const item of byPage.get(page)!) {
      const id = typeof item === "object" && item !== null ? (item as { id?: unknown }).id : undefined;
      if (typeof id === "number" || typeof id === "string") {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      out.push(item);
    }
  }
  return out;
}

/**
 * The last page number from page 1's answer: no Link header and a short page means one page; a Link header
 * with `rel="last"` names it; anything else (an endpoint that sends no links) is unknown.
 */
export function lastPageOf(link: string | null, firstPageItems: number, pageSize: number): number | undefined {
  const last = /<[^>]*[?&]page=(\d+)[^>]*>;\s*rel="last"/i.exec(link ?? "");
  if (last) return Math.max(1, Number(last[1]));
  if (firstPageItems < pageSize) return 1;
  if (link !== null && link.trim() !== "" && !/rel="next"/i.test(link)) return 1;
  return undefined;
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
