/**
 * Paging as ConnectWise does it (research §3.7–3.9): `page` is 1-based, `pageSize` defaults to 25 and is
 * capped at 1,000; `Link` headers carry absolute URLs with the original query and `page` last, in the
 * order prev, first, next, last, and are absent when everything fits on one page. Forward-only paging
 * (`pagination-type: forward-only`) orders by id, treats `pageId` as `id > pageId`, and always sends a
 * `Link` header: rel="next" while more rows follow, empty on the last page.
 */
import type { QueryParams } from "./params.js";

export const DEFAULT_PAGE_SIZE = 25;
export const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  page: number;
  pageSize: number;
  forwardOnly: boolean;
  pageId: number;
}

export function pageRequest(query: QueryParams, forwardOnly: boolean): PageRequest {
  return {
    page: positiveInt(query.get("page")) ?? 1,
    pageSize: Math.min(positiveInt(query.get("pageSize")) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    forwardOnly,
    pageId: positiveInt(query.get("pageId")) ?? 0,
  };
}

function positiveInt(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d+$/.test(v.trim())) return undefined;
  const n = Number(v);
  return n > 0 ? n : undefined;
}

export interface Page<T> {
  items: T[];
  /** The Link header value; undefined = send none. */
  link?: string;
}

/** `baseUrl`: absolute URL of the collection as requested (origin + API root + path), without query. */
export function paginate<T extends { id: number }>(rows: T[], req: PageRequest, query: QueryParams, baseUrl: string): Page<T> {
  if (req.forwardOnly) {
    const after = req.pageId > 0 ? rows.filter((r) => r.id > req.pageId) : rows;
    const items = after.slice(0, req.pageSize);
    const more = after.length > items.length;
    const last = items.at(-1);
    const link = more && last ? `<${url(baseUrl, query.rawWithout("pageId", "page"), `pageId=${last.id}`)}>; rel="next"` : "";
    return { items, link };
  }
  const total = rows.length;
  const lastPage = Math.max(1, Math.ceil(total / req.pageSize));
  const items = rows.slice((req.page - 1) * req.pageSize, req.page * req.pageSize);
  if (total <= req.pageSize && req.page === 1) return { items };
  const rest = query.rawWithout("page");
  const at = (page: number) => `<${url(baseUrl, rest, `page=${page}`)}>`;
  const links: string[] = [];
  if (req.page > 1) links.push(`${at(Math.min(req.page - 1, lastPage))}; rel="prev"`, `${at(1)}; rel="first"`);
  if (req.page < lastPage) links.push(`${at(req.page + 1)}; rel="next"`, `${at(lastPage)}; rel="last"`);
  return { items, link: links.join(", ") };
}

function url(base: string, pairs: string[], last: string): string {
  return `${base}?${[...pairs, last].join("&")}`;
}
