/**
 * A POST or PATCH is never sent twice; when one fails, the error says whether ConnectWise applied it and
 * whether sending it again is safe. Reads are retried, honouring Retry-After.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CwHttp } from "../../../src/http/client.js";
import { CwApiError } from "../../../src/http/errors.js";
import { writeOutcomeHint } from "../../../src/http/retry.js";

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

/** A server that answers each request with the next reply, and counts what it was sent. */
async function api(...replies: ((req: IncomingMessage, res: ServerResponse) => void)[]) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.method ?? "");
    const reply = replies.shift() ?? ((_q, r) => r.end("{}"));
    req.resume();
    req.on("end", () => reply(req, res));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v4_6_release/apis/3.0`;
  return { url, seen };
}

const status =
  (code: number, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(code, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify({ code: "Injected", message: `status ${code}` }));
  };

async function fail(http: CwHttp, method: string, path = "/service/tickets/1/notes"): Promise<CwApiError> {
  const body = method === "GET" ? {} : { body: method === "PATCH" ? [] : { text: "x" } };
  const err = await http.request({ method, path, ...body }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CwApiError);
  return err as CwApiError;
}

describe("a write that fails is not sent again, and says what became of it", () => {
  it("429: refused before it was applied, so sending it again after the wait is safe", async () => {
    const { url, seen } = await api(status(429, { "retry-after": "2" }));
    const err = await fail(new CwHttp({ apiUrl: url, clientId: "c" }), "POST");
    expect(seen).toEqual(["POST"]);
    expect(err.describe()).toContain("ConnectWise refused this POST before applying it (rate limit), so nothing was written");
    expect(err.describe()).toContain("Sending it again after the 2 s ConnectWise asked for is safe.");
  });

  it.each([500, 502, 503, 504])("%i: may or may not have been applied; not resent; check before sending again", async (code) => {
    const { url, seen } = await api(status(code));
    const err = await fail(new CwHttp({ apiUrl: url, clientId: "c" }), "PATCH", "/service/tickets/1");
    expect(seen).toEqual(["PATCH"]);
    const text = err.describe();
    expect(text).toMatch(new RegExp(`^PATCH /service/tickets/1 failed \\(HTTP ${code} Injected\\)`));
    expect(text).toContain(`ConnectWise may or may not have applied this PATCH: an HTTP ${code} after sending does not say.`);
    expect(text).toContain("It was not resent automatically");
    expect(text).not.toContain("a retry later may work");
  });

  it("a 2xx with an unreadable answer was applied: do not send it again", async () => {
    const { url, seen } = await api((_req, res) => {
      res.writeHead(201, { "content-type": "application/json" });
      res.end('{"id": 12, "text": "hal');
    });
    const err = await fail(new CwHttp({ apiUrl: url, clientId: "c" }), "POST");
    expect(seen).toEqual(["POST"]);
    expect(err.kind).toBe("malformed");
    expect(err.describe()).toContain("ConnectWise applied this POST (HTTP 201); only its answer could not be read. Do not send it again");
  });

  it("a dropped connection: not known, not resent", async () => {
    const { url, seen } = await api((req) => req.socket.destroy());
    const err = await fail(new CwHttp({ apiUrl: url, clientId: "c" }), "POST");
    expect(seen).toEqual(["POST"]);
    expect(err.kind).toBe("network");
    expect(err.describe()).toContain("ConnectWise may or may not have applied this POST");
  });

  it("a connection never made: nothing was written, safe to send again", async () => {
    const { url } = await api();
    servers.splice(0).forEach((s) => s.close());
    await new Promise((resolve) => setTimeout(resolve, 20));
    const err = await fail(new CwHttp({ apiUrl: url, clientId: "c" }), "POST");
    expect(err.kind).toBe("network");
    expect(err.describe()).toContain("The POST never reached ConnectWise, so nothing was written; sending it again is safe.");
  });

  it("a 400 keeps its own message: ConnectWise refused it as asked", async () => {
    const { url } = await api(status(400));
    const err = await fail(new CwHttp({ apiUrl: url, clientId: "c" }), "POST");
    expect(err.describe()).not.toMatch(/may or may not|nothing was written|applied this/);
  });

  it("says nothing of the kind for idempotent methods, which are retried", () => {
    for (const m of ["GET", "PUT", "DELETE"]) expect(writeOutcomeHint(m, { status: 503 })).toBeUndefined();
    expect(writeOutcomeHint("post", { status: 503 })).toContain("this POST");
  });
});

describe("reads are retried", () => {
  it("after exactly the Retry-After ConnectWise gave", async () => {
    const { url, seen } = await api(status(429, { "retry-after": "1" }), status(503), (_q, r) => r.end("[]"));
    const waits: number[] = [];
    const http = new CwHttp({ apiUrl: url, clientId: "c", retry: { baseDelayMs: 1, maxDelayMs: 1 }, onRetry: (i) => waits.push(i.waitMs) });
    const res = await http.request({ method: "GET", path: "/service/tickets" });
    expect(res.status).toBe(200);
    expect(seen).toEqual(["GET", "GET", "GET"]);
    expect(waits[0]).toBe(1000);
  });

  it("and an exhausted 429 names the wait", async () => {
    const { url } = await api(...Array.from({ length: 4 }, () => status(429, { "retry-after": "0" })));
    const err = await fail(new CwHttp({ apiUrl: url, clientId: "c" }), "GET", "/service/tickets");
    expect(err.describe()).toContain("Tried 4 times.");
    expect(err.describe()).toContain("wait 0 s (ConnectWise's Retry-After) and try again");
  });
});
