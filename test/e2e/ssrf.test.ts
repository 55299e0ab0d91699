/**
 * SSRF and off-origin attempts through every input that takes a path or a URL. The built server talks to
 * "ConnectWise" through a recording front (a pass-through to the in-process sandbox, so every request line
 * the server sends is seen, including any outside the API root), and a CANARY server on another port of
 * 127.0.0.1 records every connection. A battery of payloads aimed at the canary and at other hosts goes into
 * each input; each must be refused with an error that says why (or, where the input is legitimately a
 * path, reach the API root and nothing else), the canary must see nothing, and the front must see no request
 * outside the API root. cw_discover_report and cw_report run a real browser for the few payloads that pass the
 * origin check; the rest are refused before it starts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox/server.js";
import { startServer, textOf, type RunningServer } from "../helpers/mcp.js";
import { sandbox } from "../helpers/sandbox.js";

const API_ROOT = "/v4_6_release/apis/3.0";
const SLOW = 180_000;

let sb: Sandbox;
let canary: Server;
let front: Server;
let server: RunningServer;
let data: string;
let C = 0; // the canary's port
let F = ""; // the front's origin: what the server takes for ConnectWise
const canaryHits: string[] = [];
let canaryConnections = 0;
const frontLog: { method: string; url: string }[] = [];

const listen = (s: Server) => new Promise<number>((resolve) => s.listen(0, "127.0.0.1", () => resolve((s.address() as AddressInfo).port)));
const closeServer = (s: Server | undefined) => new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));

beforeAll(async () => {
  sb = await sandbox();
  canary = createServer((req, res) => {
    canaryHits.push(`${req.method} ${req.url}`);
    res.end("canary");
  });
  canary.on("connection", () => canaryConnections++);
  C = await listen(canary);
  const upstream = new URL(sb.url);
  front = createServer((req, res) => {
    frontLog.push({ method: req.method ?? "", url: req.url ?? "" });
    const up = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.writeHead(502).end());
    req.pipe(up);
  });
  F = `http://127.0.0.1:${await listen(front)}`;
  data = mkdtempSync(join(tmpdir(), "cw-ssrf-"));
  // A report definition whose path would name the canary if it were resolved against the web origin
  // (as a hand-edited file, or a page scaffolded from http://site//127.0.0.1:…/x, could hold).
  writeFileSync(
    join(data, "discovered-reports.json"),
    JSON.stringify({ reports: [{ id: "planted", name: "Planted", description: "A path that names another host.", path: `//127.0.0.1:${C}/x`, params: [], extract: { kind: "table", selector: "table" } }] }),
    { mode: 0o600 },
  );
  const c = sb.credentials;
  server = await startServer([], {
    CW_API_URL: `${F}${API_ROOT}`,
    CW_COMPANY_ID: c.company,
    CW_PUBLIC_KEY: c.publicKey,
    CW_PRIVATE_KEY: c.privateKey,
    CW_CLIENT_ID: c.clientId,
    CW_DATA_DIR: data,
    CW_WEB_USERNAME: "sandbox-admin",
    CW_WEB_PASSWORD: "sandbox-password",
    CW_TIMEZONE: "UTC",
  });
}, SLOW);

afterAll(async () => {
  await server?.close();
  await closeServer(front);
  await closeServer(canary);
  await sb?.close();
  if (data) rmSync(data, { recursive: true, force: true });
});

beforeEach(() => {
  frontLog.length = 0;
});

async function call(name: string, args: Record<string, unknown>) {
  const result = await server.client.callTool({ name, arguments: args }, undefined, { timeout: SLOW });
  return { isError: result.isError === true, text: textOf(result), data: result.structuredContent as Record<string, any> };
}

/**
 * The canary saw nothing, and every request the server sent reached the front in origin form (an absolute-form
 * request line would be a proxy request for another host). API calls stay under the API root, read the way a
 * server normalises a path; the browser may open any page of the web UI, which is the front's whole origin.
 */
function nothingEscaped(web = false): void {
  expect(canaryHits).toEqual([]);
  expect(canaryConnections).toBe(0);
  for (const r of frontLog) {
    expect(r.url.startsWith("/"), r.url).toBe(true);
    if (!web) expect(new URL(`http://front${r.url}`).pathname.startsWith(`${API_ROOT}/`), r.url).toBe(true);
  }
}

/** What a refusal says: a reason a person can act on, never a crash. */
const CLEAR =
  /Refused|not accepted|No ConnectWise endpoint has the path|No endpoint has the path|Input validation error|whole number|is not the ConnectWise site|is not a URL|Only http and https|user name or password|has no (GET|POST|PUT|PATCH|DELETE)/;

function refused(res: { isError: boolean; text: string }, label: string): void {
  expect(res.isError, `${label} was not refused: ${res.text.slice(0, 300)}`).toBe(true);
  expect(res.text, label).toMatch(CLEAR);
  expect(res.text, label).not.toMatch(/Unexpected error|TypeError|ReferenceError|\n\s+at /);
}

/** Paths aimed at the canary and at other hosts, in every disguise. */
const paths = (): [string, string][] => [
  ["absolute URL to the canary", `http://127.0.0.1:${C}/x`],
  ["cloud metadata", "https://169.254.169.254/latest/meta-data"],
  ["upper-case scheme", `HTTP://127.0.0.1:${C}/x`],
  ["protocol-relative", `//127.0.0.1:${C}/x`],
  ["slash backslash", `/\\127.0.0.1:${C}/x`],
  ["UNC", `\\\\127.0.0.1:${C}\\x`],
  ["backslashes", "/service\\..\\..\\x"],
  ["encoded backslash", `/%5c127.0.0.1:${C}/x`],
  ["leading tab", `\t//127.0.0.1:${C}/x`],
  ["bare @host", `@127.0.0.1:${C}/x`],
  ["userinfo trick", `https://api-host@127.0.0.1:${C}/x`],
  ["userinfo on the real origin", `${F}@127.0.0.1:${C}/x`],
  ["dot segments", "/service/tickets/../../../../x"],
  ["dot segments past the API root", `${API_ROOT}/../../../x`],
  ["encoded dot segments", "/service/%2e%2e%2f%2e%2e%2fx"],
  ["double-encoded dots", "/service/%252e%252e%252fx"],
  ["overlong UTF-8 dots", "/service/%c0%ae%c0%ae/x"],
  ["IIS %u dots", "/service/%u002e%u002e/x"],
  ["three dots", "/service/.../x"],
  ["dots and a space", "/service/..%20/x"],
  ["dots and ;", "/service/..;/x"],
  ["NUL", "/service/tickets%00"],
  ["CRLF header", `/service/tickets%0d%0aHost:%20127.0.0.1:${C}`],
  ["raw CRLF", `/service/tickets\r\nHost: 127.0.0.1:${C}`],
  ["full-width slashes", "/service\uff0f..\uff0f..\uff0fx"],
  ["full-width dots", "/service/\uff0e\uff0e/x"],
  ["two-dot leader", "/service/\u2025/x"],
  ["file URL", "file:///etc/passwd"],
  ["javascript URL", "javascript:alert(1)"],
  ["data URL", "data:text/plain,x"],
  ["query in the path", "/service/tickets/1?x="],
  ["fragment in the path", "/service/tickets/1#x"],
  ["very long", `/service/${"a".repeat(600)}`],
  ["long, under the limit", `/service/${"a/".repeat(240)}x`],
];

/** Values for a path parameter ({id}, {reportName}) that try to add segments, a query or a host. */
const ids = (): [string, string][] => [
  ["segments", "1/../../x"],
  ["query", "1?x="],
  ["fragment", "1#x"],
  ["parent", "../../../x"],
  ["dots", ".."],
  ["encoded dots", "%2e%2e"],
  ["protocol-relative", `//127.0.0.1:${C}/x`],
  ["absolute URL", `http://127.0.0.1:${C}/x`],
  ["backslashes", "1\\..\\x"],
  ["CRLF", `1\r\nHost: 127.0.0.1:${C}`],
  ["full-width dots", "\uff0e\uff0e"],
  ["@host", `@127.0.0.1:${C}`],
];

describe("path inputs refuse every payload before a request is built", () => {
  it.each([
    ["cw_api_call", (path: string) => ({ method: "GET", path })],
    ["cw_paginated_fetch", (path: string) => ({ path })],
    ["cw_count", (path: string) => ({ path })],
    ["cw_save_query", (path: string) => ({ name: `ssrf ${path.length}`, method: "GET", path })],
    ["cw_batch_update", (path: string) => ({ operations: [{ method: "PATCH", path, body: [{ op: "replace", path: "summary", value: "x" }] }] })],
  ] as const)("%s", async (tool, args) => {
    for (const [label, path] of paths()) refused(await call(tool, args(path)), `${tool} ${label}`);
    expect(frontLog).toEqual([]);
    nothingEscaped();
  }, SLOW);

  it("cw_raw_request refuses them too, and sends what is only a long or odd path to the API root, as a path", async () => {
    const sent = new Map<string, string>([
      ["long, under the limit", `/service/${"a/".repeat(240)}x`],
      ["@ and : in a segment", `/@127.0.0.1:${C}/x`],
    ]);
    for (const [label, path] of [...paths(), ["@ and : in a segment", sent.get("@ and : in a segment")!] as [string, string]]) {
      frontLog.length = 0;
      const res = await call("cw_raw_request", { method: "GET", path });
      if (sent.has(label)) {
        // ConnectWise (here the sandbox) answers 404 for a path it does not have: the request went to the API root only.
        expect(res.isError, label).toBe(true);
        expect(res.text, label).toContain("HTTP 404");
        expect(frontLog.map((r) => r.url), label).toEqual([`${API_ROOT}${path}`]);
      } else {
        refused(res, `cw_raw_request ${label}`);
        expect(frontLog, label).toEqual([]);
      }
      nothingEscaped();
    }
  }, SLOW);

  it("cw_endpoint_details reads the catalogue only: an error or a catalogue endpoint for each, and no request", async () => {
    for (const [label, path] of paths()) {
      const res = await call("cw_endpoint_details", { method: "GET", path });
      if (res.isError) refused(res, `cw_endpoint_details ${label}`);
      // A path it can read as an endpoint ("/service/tickets/1?x=") is answered with the catalogue's template.
      else expect(res.text, label).toMatch(/^GET \/[a-zA-Z/{}]+ — /);
    }
    expect(frontLog).toEqual([]);
    nothingEscaped();
  }, SLOW);
});

describe("path parameters", () => {
  it("cw_api_call, cw_batch_update and a saved query refuse every {id} value that is more than one segment", async () => {
    const saved = await call("cw_save_query", { name: "one ticket ssrf", method: "GET", path: "/service/tickets/{id}" });
    expect(saved.isError, saved.text).toBe(false);
    for (const [label, id] of ids()) {
      frontLog.length = 0;
      const direct = await call("cw_api_call", { method: "GET", path: "/service/tickets/{id}", params: { id } });
      const saved = await call("cw_api_call", { query: "one ticket ssrf", params: { id } });
      const batch = await call("cw_batch_update", { operations: [{ method: "PATCH", path: "/service/tickets/{id}", params: { id }, body: [{ op: "replace", path: "summary", value: "x" }] }] });
      if (label === "@host") {
        // One segment, encoded: "@" and ":" cannot name a host inside a path. ConnectWise answers that no such ticket exists.
        const one = `${API_ROOT}/service/tickets/%40127.0.0.1%3A${C}`;
        for (const res of [direct, saved]) expect(res.text, label).toContain("HTTP 404");
        // The batch preview reads the record first, at the same path.
        expect(batch.isError, batch.text).toBe(false);
        expect(new Set(frontLog.map((r) => r.url))).toEqual(new Set([one]));
      } else {
        refused(direct, `cw_api_call {id} ${label}`);
        refused(saved, `saved query {id} ${label}`);
        refused(batch, `cw_batch_update {id} ${label}`);
        expect(frontLog, label).toEqual([]);
      }
      nothingEscaped();
    }
  }, SLOW);

  it("cw_operation: integer ids are refused unless they are whole numbers; a string path parameter stays one segment under the API root", async () => {
    for (const [label, id] of ids()) {
      refused(await call("cw_operation", { name: "get_ticket", params: { id } }), `get_ticket ${label}`);
      refused(await call("cw_operation", { name: "get_ticket_note", params: { ticket_id: id, id: 1 } }), `get_ticket_note ${label}`);
    }
    expect(frontLog).toEqual([]);
    for (const [label, name] of ids()) {
      const res = await call("cw_operation", { name: "run_report", params: { report_name: name } });
      expect(res.isError, `run_report ${label}: ${res.text}`).toBe(true);
      expect(res.text).not.toMatch(/Unexpected error|TypeError/);
    }
    // What was sent (for values that are one encoded segment, such as "@127.0.0.1:…") stayed one segment under /system/reports.
    for (const r of frontLog) expect(new URL(r.url, "http://front").pathname, r.url).toMatch(new RegExp(`^${API_ROOT}/system/reports/[^/]+$`.replace(/\./g, "\\.")));
    nothingEscaped();
  }, SLOW);
});

describe("the endpoint resource template", () => {
  it("answers from the catalogue for every payload, with no request and no crash", async () => {
    for (const [label, path] of [...paths(), ["broken encoding", "service/%E0%A4%A"] as [string, string]]) {
      const uri = `cw://endpoints/GET/${path.replace(/^\/+/, "")}`;
      let text = "";
      try {
        const { contents } = await server.client.readResource({ uri });
        text = JSON.stringify(contents);
      } catch (err) {
        // A URI the SDK cannot match or parse is an MCP error, which is a refusal too.
        text = String(err);
      }
      // Never an internal error (-32603): a path the catalogue does not have, or cannot decode, is invalid params.
      expect(text, label).not.toMatch(/-32603|TypeError|URIError|URI malformed|Unexpected error|\n\s+at /);
      if (label === "broken encoding") expect(text).toContain("broken percent-encoding");
    }
    expect(frontLog).toEqual([]);
    nothingEscaped();
  }, SLOW);
});

describe("web reports", () => {
  it("cw_discover_report refuses URLs off the ConnectWise origin before the browser starts", async () => {
    for (const url of [
      `http://127.0.0.1:${C}/x`,
      `//127.0.0.1:${C}/x`,
      `/\\127.0.0.1:${C}/x`,
      `\\\\127.0.0.1:${C}\\x`,
      `http:/\\127.0.0.1:${C}/x`,
      `http://127.0.0.1:${new URL(F).port}@127.0.0.1:${C}/x`,
      `http://api-host@127.0.0.1:${C}/x`,
      "https://169.254.169.254/latest/meta-data",
      "file:///etc/passwd",
      "javascript:alert(1)",
      "data:text/html,<script>fetch('//127.0.0.1')</script>",
      `http://localhost:${C}/x`,
      `http://[::1]:${C}/x`,
    ]) {
      refused(await call("cw_discover_report", { url, name: "Planted" }), `cw_discover_report ${url}`);
    }
    expect(frontLog).toEqual([]);
    nothingEscaped();
  });

  it("cw_discover_report keeps a URL on the origin whose path names another host on the origin (real browser)", async () => {
    for (const url of [`${F}//127.0.0.1:${C}/x`, `${F}/\\127.0.0.1:${C}/x`, `${F}/v2026_1/reports/%2e%2e/%2e%2e/127.0.0.1:${C}`]) {
      const res = await call("cw_discover_report", { url, name: "On the origin", save: false });
      expect(res.isError, `${url}: ${res.text}`).toBe(true);
      expect(res.text).not.toMatch(/Unexpected error|TypeError/);
    }
    nothingEscaped(true);
  }, SLOW);

  it("cw_report keeps a definition's path and its parameter values on the web origin (real browser)", async () => {
    const planted = await call("cw_report", { id: "planted" });
    expect(planted.isError, planted.text).toBe(true);
    // The browser asked the ConnectWise origin for the odd path (and got no report there): it never went to the canary.
    expect(frontLog.map((r) => r.url)).toContain(`//127.0.0.1:${C}/x`);
    const member = await call("cw_report", { id: "time-by-member", params: { member: `x&next=http://127.0.0.1:${C}/#/../../`, start: "2026-03-01", end: "2026-03-07" }, refresh: true });
    expect(member.text).not.toMatch(/Unexpected error|TypeError/);
    expect(frontLog.some((r) => r.url.includes("next%3Dhttp%3A%2F%2F127.0.0.1"))).toBe(true);
    nothingEscaped(true);
  }, SLOW);
});

describe("in the end", () => {
  it("the canary never saw a connection", () => {
    expect(canaryConnections).toBe(0);
    expect(canaryHits).toEqual([]);
  });
});
