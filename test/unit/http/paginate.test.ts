import { describe, expect, it } from "vitest";
import { CwHttp } from "../../../src/http/client.js";
import { fetchAll } from "../../../src/http/paginate.js";

/** A list endpoint over `total` records that answers like ConnectWise, with or without forward-only support. */
function fakeApi(total: number, forwardOnly: boolean, opts: { links?: boolean; shiftAfterFirst?: number; delayOfPage?: (page: number) => number } = {}) {
  const links = opts.links ?? true;
  let served = 0;
  const seen: string[] = [];
  let active = 0;
  let peak = 0;
  /** "sent 3" / "answered 3", in the order they happened. */
  const events: string[] = [];
  const fetch = async (request: Request) => {
    const url = new URL(request.url);
    seen.push(`${url.pathname.replace("/v4_6_release/apis/3.0", "")}?${url.searchParams.toString()}`);
    const pageNo = Number(url.searchParams.get("page") ?? 1);
    events.push(`sent ${pageNo}`);
    active++;
    peak = Math.max(peak, active);
    await new Promise((r) => setTimeout(r, opts.delayOfPage?.(pageNo) ?? 5));
    active--;
    events.push(`answered ${pageNo}`);
    if (url.pathname.endsWith("/count")) return Response.json({ count: total });
    const size = Number(url.searchParams.get("pageSize"));
    const headers = new Headers({ "content-type": "application/json" });
    let ids: number[];
    if (forwardOnly && request.headers.get("pagination-type") === "forward-only") {
      const after = Number(url.searchParams.get("pageId") ?? 0);
      ids = Array.from({ length: total }, (_, i) => i + 1).filter((id) => id > after).slice(0, size);
      const last = ids.at(-1);
      headers.set("link", last !== undefined && last < total ? `<https://x/items?pageSize=${size}&pageId=${last}>; rel="next"` : "");
    } else {
      const page = Number(url.searchParams.get("page") ?? 1);
      // shiftAfterFirst: that many records are inserted at the front once page 1 has been served, so later pages repeat records.
      const shift = opts.shiftAfterFirst && served > 0 ? opts.shiftAfterFirst : 0;
      const all = [...Array.from({ length: shift }, (_, i) => -(i + 1)), ...Array.from({ length: total }, (_, i) => i + 1)];
      ids = all.slice((page - 1) * size, page * size);
      served++;
      const lastPage = Math.max(1, Math.ceil(total / size));
      const at = (p: number) => `<https://x/items?pageSize=${size}&page=${p}>`;
      const rels = [...(page > 1 ? [`${at(page - 1)}; rel="prev"`, `${at(1)}; rel="first"`] : []), ...(page < lastPage ? [`${at(page + 1)}; rel="next"`, `${at(lastPage)}; rel="last"`] : [])];
      if (links && lastPage > 1) headers.set("link", rels.join(", "));
    }
    return new Response(JSON.stringify(ids.map((id) => ({ id }))), { headers });
  };
  const http = new CwHttp({ apiUrl: "http://127.0.0.1:9/v4_6_release/apis/3.0", clientId: "c", maxConcurrency: 4, fetch: fetch as typeof globalThis.fetch });
  return { http, seen, events, peak: () => peak };
}

describe("paginated fetch", () => {
  it("follows forward-only pageId links in id order when asked to", async () => {
    const api = fakeApi(620, true);
    const progress: number[] = [];
    const result = await fetchAll(api.http, { path: "/items", countPath: "/items/count", query: {}, maxItems: 1000, pageSize: 250, forwardOnly: true, onPage: (p) => void progress.push(p.fetched) });
    expect(result).toMatchObject({ fetched: 620, total: 620, truncated: false, pages: 3, strategy: "forward-only" });
    expect((result.items as { id: number }[]).map((r) => r.id)).toEqual(Array.from({ length: 620 }, (_, i) => i + 1));
    expect(api.seen.filter((s) => s.startsWith("/items?"))).toEqual(["/items?pageSize=250", "/items?pageSize=250&pageId=250", "/items?pageSize=250&pageId=500"]);
    expect(progress).toEqual([250, 500, 620]);
  });

  it("reads page 1, learns the last page from its Link header, then fetches the rest together, with no count", async () => {
    const api = fakeApi(1900, true);
    const result = await fetchAll(api.http, { path: "/items", countPath: "/items/count", query: {}, maxItems: 5000, pageSize: 250 });
    expect(result).toMatchObject({ fetched: 1900, total: 1900, truncated: false, pages: 8, strategy: "numbered pages" });
    expect((result.items as { id: number }[]).map((r) => r.id)).toEqual(Array.from({ length: 1900 }, (_, i) => i + 1));
    expect(api.seen[0]).toBe("/items?pageSize=250&page=1");
    expect(api.seen.some((s) => s.startsWith("/items/count"))).toBe(false);
    expect(api.peak()).toBe(4);
  });

  it("asks for the first wave of pages on speculation, and only for pages that exist after that", async () => {
    const api = fakeApi(4500, false);
    const result = await fetchAll(api.http, { path: "/items", countPath: "/items/count", query: {}, maxItems: 5000, pageSize: 250, firstWave: 4 });
    expect(result).toMatchObject({ fetched: 4500, total: 4500, truncated: false, pages: 18 });
    expect(api.seen.slice(0, 4).map((s) => new URLSearchParams(s.split("?")[1]).get("page"))).toEqual(["1", "2", "3", "4"]);
    expect(new Set(api.seen).size).toBe(18);
    const small = fakeApi(30, false);
    const one = await fetchAll(small.http, { path: "/items", countPath: "/items/count", query: {}, maxItems: 5000, pageSize: 250, firstWave: 4 });
    expect(one).toMatchObject({ fetched: 30, total: 30, truncated: false, pages: 4 });
    expect(small.seen).toHaveLength(4);
  });

  it("asks for the rest once page 1 answers, without waiting for a slow speculative page", async () => {
    const api = fakeApi(2000, false, { delayOfPage: (page) => (page === 2 ? 120 : 5) });
    const result = await fetchAll(api.http, { path: "/items", countPath: "/items/count", query: {}, maxItems: 5000, pageSize: 250, firstWave: 4 });
    expect(result).toMatchObject({ fetched: 2000, total: 2000, truncated: false, pages: 8 });
    expect((result.items as { id: number }[]).map((r) => r.id)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    // Pages 5–8 go out as slots free, all before page 2's slow answer; the result still waits for page 2.
    const page2 = api.events.indexOf("answered 2");
    for (const page of [5, 6, 7, 8]) expect(api.events.indexOf(`sent ${page}`)).toBeLessThan(page2);
    expect(api.peak()).toBeLessThanOrEqual(4);
  });

  it("fails the read when a speculative page fails, with no unhandled rejection", async () => {
    const fetch = async (request: Request) => {
      const page = Number(new URL(request.url).searchParams.get("page") ?? 1);
      if (page === 3) return Response.json({ code: "Forbidden", message: "no" }, { status: 403 });
      const ids = Array.from({ length: 250 }, (_, i) => (page - 1) * 250 + i + 1);
      return Response.json(
        ids.map((id) => ({ id })),
        { headers: { link: `<https://x/items?pageSize=250&page=8>; rel="last"` } },
      );
    };
    const http = new CwHttp({ apiUrl: "http://127.0.0.1:9/v4_6_release/apis/3.0", clientId: "c", maxConcurrency: 4, fetch: fetch as typeof globalThis.fetch });
    await expect(fetchAll(http, { path: "/items", query: {}, maxItems: 5000, pageSize: 250, firstWave: 4 })).rejects.toMatchObject({ status: 403 });
  });

  it("drops a record that a shift in the data put on two pages", async () => {
    const api = fakeApi(600, false, { shiftAfterFirst: 3 });
    const result = await fetchAll(api.http, { path: "/items", query: {}, maxItems: 5000, pageSize: 250 });
    const ids = (result.items as { id: number }[]).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.slice(0, 250)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
  });

  it("uses the count for the number of pages when the endpoint sends no Link header", async () => {
    const api = fakeApi(1900, false, { links: false });
    const result = await fetchAll(api.http, { path: "/items", countPath: "/items/count", query: {}, maxItems: 5000, pageSize: 250 });
    expect(result).toMatchObject({ fetched: 1900, total: 1900, truncated: false, pages: 8 });
    expect(api.peak()).toBe(4);
  });

  it("reads the rest as numbered pages when forward-only is asked for but not supported", async () => {
    const api = fakeApi(1900, false, { links: false });
    const result = await fetchAll(api.http, { path: "/items", countPath: "/items/count", query: {}, maxItems: 5000, pageSize: 250, forwardOnly: true });
    expect(result).toMatchObject({ fetched: 1900, total: 1900, truncated: false, pages: 8, strategy: "numbered pages" });
    expect((result.items as { id: number }[]).map((r) => r.id)).toEqual(Array.from({ length: 1900 }, (_, i) => i + 1));
  });

  it("stops at max_items and says the result is truncated", async () => {
    const api = fakeApi(1000, false);
    const result = await fetchAll(api.http, { path: "/items", countPath: "/items/count", query: { orderBy: "id asc" }, maxItems: 300, pageSize: 250 });
    expect(result).toMatchObject({ fetched: 300, total: 1000, truncated: true, pages: 2 });
  });

  it("pages one after another when the list has neither Link headers nor /count", async () => {
    const api = fakeApi(260, false, { links: false });
    const result = await fetchAll(api.http, { path: "/items", query: { orderBy: "id asc" }, maxItems: 1000, pageSize: 100 });
    expect(result).toMatchObject({ fetched: 260, total: 260, truncated: false, pages: 3 });
    expect(api.peak()).toBe(1);
  });
});
