import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CwHttp } from "../../../src/http/client.js";
import { CwApiError } from "../../../src/http/errors.js";
import { Limiter } from "../../../src/http/limiter.js";
import { redactor } from "../../../src/http/redact.js";
import { backoffMs, DEFAULT_RETRY, isIdempotent, retryAfterMs } from "../../../src/http/retry.js";

const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const auth = { user: "acme+pub-key-123", password: "private-key-456" };

describe("the transport", () => {
  it("never follows a redirect, so credentials cannot be carried to another origin", async () => {
    const hits: (string | undefined)[] = [];
    const elsewhere = await listen((req, res) => {
      hits.push(req.headers.authorization);
      res.end("{}");
    });
    const api = await listen((_req, res) => {
      res.writeHead(302, { Location: `${elsewhere}/steal` });
      res.end();
    });
    const http = new CwHttp({ apiUrl: `${api}/v4_6_release/apis/3.0`, clientId: "client-789", auth });
    const err = await http.request({ method: "GET", path: "/service/tickets" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CwApiError);
    expect((err as CwApiError).kind).toBe("refused");
    expect((err as CwApiError).message).toMatch(/answered with a redirect to http:\/\/127\.0\.0\.1:\d+; redirects are not followed/);
    expect(hits).toEqual([]);
  });

  it("sends Basic auth, clientId and the versioned Accept header", async () => {
    let seen: Record<string, string | string[] | undefined> = {};
    const api = await listen((req, res) => {
      seen = req.headers;
      res.setHeader("content-type", "application/json");
      res.end("[]");
    });
    const http = new CwHttp({ apiUrl: `${api}/v4_6_release/apis/3.0`, clientId: "client-789", auth, apiVersion: "2024.1" });
    await http.request({ method: "GET", path: "/service/boards", query: { pageSize: 5 } });
    expect(seen.authorization).toBe(`Basic ${Buffer.from("acme+pub-key-123:private-key-456").toString("base64")}`);
    expect(seen.clientid).toBe("client-789");
    expect(seen.accept).toBe("application/vnd.connectwise.com+json; version=2024.1");
  });

  it("keeps at most maxConcurrency requests in flight", async () => {
    let active = 0;
    let peak = 0;
    const api = await listen((_req, res) => {
      active++;
      peak = Math.max(peak, active);
      setTimeout(() => {
        active--;
        res.setHeader("content-type", "application/json");
        res.end("{}");
      }, 30);
    });
    const http = new CwHttp({ apiUrl: `${api}/v4_6_release/apis/3.0`, clientId: "c", maxConcurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => http.request({ method: "GET", path: "/system/info" })));
    expect(peak).toBe(3);
  });

  it("retries network failures of reads but not of writes, and names the failure without secrets", async () => {
    let calls = 0;
    const failing: typeof fetch = async () => {
      calls++;
      throw new TypeError("fetch failed", { cause: { code: "ECONNRESET", message: "socket hang up private-key-456" } });
    };
    const http = new CwHttp({ apiUrl: "http://127.0.0.1:9/v4_6_release/apis/3.0", clientId: "c", auth, fetch: failing, retry: { baseDelayMs: 1 } });
    const read = (await http.request({ method: "GET", path: "/x" }).catch((e: unknown) => e)) as CwApiError;
    expect(calls).toBe(DEFAULT_RETRY.attempts);
    expect(read.kind).toBe("network");
    expect(read.message).toBe("Could not reach ConnectWise: ECONNRESET (socket hang up [redacted]).");
    calls = 0;
    await http.request({ method: "POST", path: "/x", body: {} }).catch(() => undefined);
    await http.request({ method: "PATCH", path: "/x", body: [] }).catch(() => undefined);
    expect(calls).toBe(2);
  });
});

describe("retry policy", () => {
  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs("30")).toBe(30_000);
    expect(retryAfterMs("1.5")).toBe(1500);
    expect(retryAfterMs(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });

  it("backs off exponentially with full jitter, capped", () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(a, policy, () => 0.999))).toEqual([100, 200, 400, 799, 999]);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
  });

  it("retries only idempotent methods", () => {
    expect(["GET", "get", "PUT", "DELETE", "HEAD"].every(isIdempotent)).toBe(true);
    expect(["POST", "PATCH"].some(isIdempotent)).toBe(false);
  });
});

describe("limiter", () => {
  it("lets a waiting caller give up without taking a slot", async () => {
    const limiter = new Limiter(1);
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const second = limiter.run(async () => "ran", controller.signal);
    controller.abort(new Error("gave up"));
    await expect(second).rejects.toThrow("gave up");
    release();
    await first;
    expect(await limiter.run(async () => "next")).toBe("next");
    expect(limiter.inFlight).toBe(0);
  });
});

describe("redaction", () => {
  it("hides keys, the clientId and Basic tokens wherever they appear", () => {
    const redact = redactor(["private-key-456", "pub-key-123", "client-789"]);
    expect(redact("Authorization: Basic YWNtZStwdWI= failed for pub-key-123 with private-key-456 (client-789)")).toBe(
      "Authorization: Basic [redacted] failed for [redacted] with [redacted] ([redacted])",
    );
  });
});
