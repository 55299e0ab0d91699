import { describe, expect, it } from "vitest";
import { CwHttp } from "../../../src/http/client.js";
import { fetchAll } from "../../../src/http/paginate.js";

/** A list endpoint over `total` records that answers like ConnectWise, with or without forward-only support. */
function fakeApi(total: number, forwardOnly: boolean) {
  const seen: string[] = [];
  let active = 0;
  let peak = 0;
  const fetch = async (request: Request) => {
    const url = new URL(request.url);
    seen.push(`${url.pathname.replace("/v4_6_release/apis/3.0", "")}?${url.searchParams.toString()}`);
    active++;
    peak = Math.max(peak, active);
    await new Promise((r) => setTimeout(r, 5));
    active--;
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
      ids = Array.from({ length: total }, (_, i) => i + 1).slice((page - 1) * size, page * size);
    }
    return new Response(JSON.stringify(ids.map((id) => ({ id }))), { headers });
  };
  const http = new CwHttp({ apiUrl: "http://127.0.0.1:9/v4_6_release/apis/3.0", clientId: "c", maxConcurrency: 4, fetch: fetch as typeof globalThis.fetch });
  return { http, seen, peak: () => peak };
}

describe("paginated fetch", () => {
  it("follows forward-only pageId links in id order where the endpoint supports them", async () => {
    const api = fakeApi(620, true);
    const progress: number[] = [];
    const result = await fetchAll(api.http, { path: "/items", countPath: "/items/count", query: {}, maxItems: 1000, pageSize: 250, onPage: (p) => void progress.push(p.fetched) });
    expect(result).toMatchObject({ fetched: 620, total: 620, truncated: false, pages: 3, strategy: "forward-only" });
    expect((result.items as { id: number }[]).map((r) => r.id)).toEqual(Array.from({ length: 620 }, (_, i) => i + 1));
    expect(api.seen.filter((s) => s.startsWith("/items?"))).toEqual(["/items?pageSize=250", "/items?pageSize=250&pageId=250", "/items?pageSize=250&pageId=500"]);
    expect(progress).toEqual([250, 500, 620]);
  });

  it("falls back to numbered pages fetched together when forward-only is not supported", async () => {
    const api = fakeApi(1900, false);
    const result = await fetchAll(api.http, { path: "/items", countPath: "/items/count", query: {}, maxItems: 5000, pageSize: 250 });
    expect(result).toMatchObject({ fetched: 1900, total: 1900, truncated: false, pages: 8, strategy: "numbered pages" });
    expect((result.items as { id: number }[]).map((r) => r.id)).toEqual(Array.from({ length: 1900 }, (_, i) => i + 1));
    expect(api.peak()).toBe(4);
  });

  it("stops at max_items and says the result is truncated", async () => {
    const api = fakeApi(1000, false);
    const result = await fetchAll(api.http, { path: "/items", countPath: "/items/count", query: { orderBy: "id asc" }, maxItems: 300, pageSize: 250 });
    expect(result).toMatchObject({ fetched: 300, total: 1000, truncated: true, pages: 2 });
  });

  it("pages without a total when the list has no /count", async () => {
    const api = fakeApi(260, false);
    const result = await fetchAll(api.http, { path: "/items", query: { orderBy: "id asc" }, maxItems: 1000, pageSize: 100 });
    expect(result).toMatchObject({ fetched: 260, truncated: false, pages: 3 });
    expect(result.total).toBeUndefined();
  });
});
