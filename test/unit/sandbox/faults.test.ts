import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../../src/sandbox/server.js";
import { client, sandbox } from "../../helpers/sandbox.js";

let sb: Sandbox;
let cw: ReturnType<typeof client>;

beforeAll(async () => {
  sb = await sandbox();
  cw = client(sb);
});
afterAll(() => sb?.close());
afterEach(async () => {
  await fetch(`${sb.url}/__sandbox/reset`, { method: "POST" });
});

const setFaults = async (faults: unknown) => {
  const res = await fetch(`${sb.url}/__sandbox/faults`, { method: "PUT", body: JSON.stringify(faults) });
  expect(res.status).toBe(200);
  return res.json();
};

const rawGet = (path: string) =>
  fetch(`${sb.apiUrl}${path}`, { headers: { Authorization: `Basic ${Buffer.from("sandbox+sandbox-public:sandbox-private").toString("base64")}`, clientId: "sandbox-client" } });

describe("fault injection", () => {
  it("adds the configured latency", async () => {
    await setFaults({ latencyMs: 150 });
    const t0 = performance.now();
    expect((await cw("GET", "/service/boards")).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
  });

  it("fails the configured share of requests with the chosen statuses", async () => {
    await setFaults({ errorRate: 1, errorStatuses: [503] });
    const res = await cw("GET", "/service/boards");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ code: "ServiceUnavailable", message: expect.any(String) });
    await setFaults({ errorRate: 0 });
    expect((await cw("GET", "/service/boards")).status).toBe(200);
  });

  it("answers 429 with Retry-After above the rate limit", async () => {
    await setFaults({ rateLimitPerSecond: 3, retryAfterSeconds: 2 });
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof cw>> | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await cw("GET", "/service/priorities");
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses.slice(3)).toEqual([429, 429, 429]);
    expect(limited!.headers.get("retry-after")).toBe("2");
    expect(limited!.body).toEqual({ error: "ConnectWiseAPI", message: "Too many requests. Please try again in 2 seconds." });
  });

  it("resets the connection", async () => {
    await setFaults({ script: [{ reset: true }] });
    await expect(rawGet("/service/boards")).rejects.toThrow();
    expect((await rawGet("/service/boards")).status).toBe(200);
  });

  it("truncates or corrupts the JSON body", async () => {
    await setFaults({ script: [{ truncate: true }, { malformed: true }] });
    for (let i = 0; i < 2; i++) {
      const res = await rawGet("/service/boards");
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(() => JSON.parse(text)).toThrow();
    }
  });

  it("plays a script in order, only on matching requests, honouring times", async () => {
    await setFaults({ script: [{ method: "POST", status: 503 }, { path: "/service/boards", status: 429, retryAfter: 5, times: 2 }] });
    expect((await cw("GET", "/company/companies")).status).toBe(200);
    expect((await cw("GET", "/service/boards")).status).toBe(429);
    const again = await cw("GET", "/service/boards");
    expect(again.status).toBe(429);
    expect(again.headers.get("retry-after")).toBe("5");
    expect((await cw("GET", "/service/boards")).status).toBe(200);
    expect((await cw("POST", "/service/tickets", {})).status).toBe(503);
  });

  it("refuses fault settings it does not understand, naming them", async () => {
    const res = await fetch(`${sb.url}/__sandbox/faults`, { method: "PUT", body: JSON.stringify({ errorRate: 2 }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/^errorRate: /);
  });
});

describe("control endpoints", () => {
  it("logs every API request with method, path, query and status", async () => {
    await fetch(`${sb.url}/__sandbox/requests`, { method: "DELETE" });
    await cw("GET", "/service/tickets?pageSize=2&conditions=id%3E1");
    await client(sb, { privateKey: "wrong" })("GET", "/service/boards");
    await cw("POST", "/service/tickets", {});
    const log = await (await fetch(`${sb.url}/__sandbox/requests`)).json();
    expect(log).toEqual([
      { method: "GET", path: "/service/tickets", query: { pagesize: "2", conditions: "id>1" }, status: 200 },
      { method: "GET", path: "/service/boards", query: {}, status: 401 },
      { method: "POST", path: "/service/tickets", query: {}, status: 400 },
    ]);
  });

  it("resets the data to the seeded state", async () => {
    const before = (await cw("GET", "/service/tickets/count")).body.count;
    await cw("POST", "/service/tickets", { summary: "temporary", company: { id: 1 } });
    expect((await cw("GET", "/service/tickets/count")).body.count).toBe(before + 1);
    const res = await fetch(`${sb.url}/__sandbox/reset`, { method: "POST" });
    expect(res.status).toBe(200);
    expect((await cw("GET", "/service/tickets/count")).body.count).toBe(before);
    expect(await (await fetch(`${sb.url}/__sandbox/requests`)).json()).toEqual([{ method: "GET", path: "/service/tickets/count", query: {}, status: 200 }]);
  });
});
