import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../../src/sandbox/server.js";
import { builtCatalogue } from "../../helpers/catalogue.js";
import { client, sandbox } from "../../helpers/sandbox.js";

let sb: Sandbox;
let cw: ReturnType<typeof client>;

beforeAll(async () => {
  sb = await sandbox();
  cw = client(sb);
});
afterAll(() => sb?.close());

describe("routing", () => {
  it("answers every GET path of the spec without a server error", async () => {
    const failures: string[] = [];
    const paths = [...new Set(builtCatalogue().endpoints().filter((e) => e.method === "GET").map((e) => e.path))];
    for (const path of paths) {
      const concrete = path.replace(/\{[^}]*\}+/g, "1").replace(/\{[^/]*$/, "1");
      const res = await cw("GET", concrete);
      if (res.status >= 500 || res.status === 405) failures.push(`${path} → ${res.status} ${res.text.slice(0, 120)}`);
    }
    expect(failures).toEqual([]);
    expect(paths.length).toBeGreaterThan(1000);
  });

  it("matches fixed segments case-insensitively and prefers them over placeholders", async () => {
    const lower = await cw("GET", "/service/tickets/count");
    const mixed = await cw("GET", "/Service/Tickets/Count");
    expect(lower.status).toBe(200);
    expect(mixed.body).toEqual(lower.body);
    expect(typeof lower.body.count).toBe("number");
  });

  it("answers 404 for a path outside the spec and 405 for a method a path lacks", async () => {
    expect((await cw("GET", "/service/nothing")).status).toBe(404);
    const wrong = await cw("DELETE", "/service/tickets");
    expect(wrong.status).toBe(405);
    expect(wrong.body.message).toContain("DELETE");
  });

  it("serves any codebase and the companyinfo lookup", async () => {
    const res = await fetch(`${sb.url}/v2025_1/apis/3.0/system/info`, {
      headers: { Authorization: `Basic ${Buffer.from("sandbox+sandbox-public:sandbox-private").toString("base64")}`, clientId: "sandbox-client" },
    });
    expect(res.status).toBe(200);
    const info = await (await fetch(`${sb.url}/login/companyinfo/sandbox`)).json();
    expect(info).toMatchObject({ CompanyID: "sandbox", Codebase: "v4_6_release/" });
    expect(await (await fetch(`${sb.url}/login/companyinfo/nobody`)).json()).toBeNull();
  });
});

describe("authentication", () => {
  it.each([
    ["no credentials", 401, "Unauthorized", { privateKey: "" }],
    ["a wrong private key", 401, "Unauthorized", { privateKey: "nope" }],
    ["a wrong company", 401, "Unauthorized", { company: "other" }],
    ["no clientId", 401, "Unauthorized", { clientId: null }],
    ["another integration's clientId", 403, "Forbidden", { clientId: "someone-else" }],
  ] as const)("refuses %s with %i %s and ConnectWise's error body", async (_, status, code, auth) => {
    const res = await client(sb, auth)("GET", "/service/boards");
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ code, message: expect.any(String) });
  });

  it("refuses a request without an Authorization header", async () => {
    const res = await fetch(`${sb.apiUrl}/service/boards`, { headers: { clientId: "sandbox-client" } });
    expect(res.status).toBe(401);
  });
});

describe("paging", () => {
  it("pages 25 at a time by default, 1-based, with an empty page past the end", async () => {
    const total = (await cw("GET", "/time/entries/count")).body.count as number;
    expect(total).toBeGreaterThan(100);
    const first = await cw("GET", "/time/entries");
    expect(first.body).toHaveLength(25);
    const second = await cw("GET", "/time/entries?page=2");
    expect(second.body[0].id).toBeGreaterThan(first.body[24].id);
    expect((await cw("GET", `/time/entries?page=${Math.ceil(total / 25) + 1}`)).body).toEqual([]);
  });

  it("caps pageSize at 1000", async () => {
    const res = await cw("GET", "/time/entries?pageSize=5000");
    expect(res.body.length).toBe(Math.min(1000, (await cw("GET", "/time/entries/count")).body.count));
  });

  it("sends Link headers like ConnectWise: absolute, the query kept, page last, prev/first/next/last", async () => {
    const total = (await cw("GET", "/time/entries/count?conditions=billableOption%3D%22Billable%22")).body.count as number;
    const last = Math.ceil(total / 10);
    const res = await cw("GET", "/time/entries?conditions=billableOption%3D%22Billable%22&pageSize=10&page=2");
    const base = `${sb.apiUrl}/time/entries?conditions=billableOption%3D%22Billable%22&pageSize=10`;
    expect(res.headers.get("link")).toBe(
      `<${base}&page=1>; rel="prev", <${base}&page=1>; rel="first", <${base}&page=3>; rel="next", <${base}&page=${last}>; rel="last"`,
    );
    const lastPage = await cw("GET", `/time/entries?conditions=billableOption%3D%22Billable%22&pageSize=10&page=${last}`);
    expect(lastPage.headers.get("link")).toMatch(/rel="first"$/);
    const firstPage = await cw("GET", "/time/entries?conditions=billableOption%3D%22Billable%22&pageSize=10");
    expect(firstPage.headers.get("link")).toMatch(/^<[^>]+&page=2>; rel="next", <[^>]+>; rel="last"$/);
  });

  it("sends no Link header when everything fits on one page", async () => {
    const res = await cw("GET", "/service/priorities?pageSize=1000");
    expect(res.headers.get("link")).toBeNull();
  });

  it("pages forward-only by id with pageId, ending with an empty Link", async () => {
    const headers = { "pagination-type": "forward-only" };
    const all = (await cw("GET", "/company/companies/count")).body.count as number;
    const seen: number[] = [];
    let path = "/company/companies?pageSize=7&orderBy=name%20desc";
    for (let guard = 0; guard < 100; guard++) {
      const res = await cw("GET", path, undefined, headers);
      seen.push(...res.body.map((c: { id: number }) => c.id));
      const link = res.headers.get("link");
      expect(link).not.toBeNull();
      if (!link) break;
      const next = /<([^>]+)>; rel="next"/.exec(link);
      expect(next![1]).toMatch(/&pageId=\d+$/);
      path = next![1]!.slice(sb.apiUrl.length);
    }
    expect(seen).toHaveLength(all);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe("queries", () => {
  it("filters with conditions, counts with the same filter, and orders by several keys", async () => {
    const cond = encodeURIComponent('closedFlag = false and board/name = "Help Desk"');
    const open = await cw("GET", `/service/tickets?conditions=${cond}&pageSize=1000&orderBy=priority/name%20asc,%20id%20desc`);
    expect(open.status).toBe(200);
    expect(open.body.length).toBe((await cw("GET", `/service/tickets/count?conditions=${cond}`)).body.count);
    for (const t of open.body) expect(t).toMatchObject({ closedFlag: false, board: { name: "Help Desk" } });
    const keys = open.body.map((t: { priority: { name: string }; id: number }) => [t.priority.name.toLowerCase(), -t.id]);
    expect(keys).toEqual([...keys].sort((a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1])));
  });

  it("answers an unknown condition field with ApiFindCondition", async () => {
    const res = await cw("GET", `/service/tickets?conditions=${encodeURIComponent("assignedTo/id=163")}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ code: "ApiFindCondition", message: "assignedTo/id is not a recognized name." });
    const bad = await cw("GET", `/service/tickets?conditions=${encodeURIComponent("summary = ")}`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/position/);
  });

  it("refuses orderBy on an unknown field", async () => {
    const res = await cw("GET", "/service/tickets?orderBy=bogus%20desc");
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("bogus is not a recognized name.");
  });

  it("returns only the requested fields, nested, ignoring unknown names", async () => {
    const res = await cw("GET", "/service/tickets?pageSize=3&fields=id,summary,board/name,nonsense");
    for (const t of res.body) {
      expect(Object.keys(t).sort()).toEqual(["board", "id", "summary"]);
      expect(Object.keys(t.board)).toEqual(["name"]);
    }
  });

  it("reads the same filters from a POST …/search body, paging from the query", async () => {
    const res = await cw("POST", "/service/tickets/search?pageSize=5", { conditions: "closedFlag = true", orderBy: "id desc" });
    expect(res.status).toBe(200);
    expect(res.body.length).toBeLessThanOrEqual(5);
    expect(res.body.every((t: { closedFlag: boolean }) => t.closedFlag)).toBe(true);
    const wrong = await cw("POST", "/service/tickets/search", { conditions: "id > 1", page: 1 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toMatch(/^Could not find member 'page' on object of type 'FilterValues'/);
  });
});
