/**
 * The sandbox HTTP server: ConnectWise's REST API under /{codebase}/apis/3.0 for any codebase,
 * /login/companyinfo/{company}, the web UI for reports, and the /__sandbox/ control endpoints
 * (reset, request log, faults) that exist only here.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { Catalogue } from "../catalogue/catalogue.js";
import { cataloguePath } from "../paths.js";
import { SandboxApi } from "./api.js";
import { checkAuth, DEFAULT_CREDENTIALS, type Credentials } from "./auth.js";
import { faultBody, Faults, type FaultSettings } from "./faults.js";
import { SandboxModel } from "./model.js";
import { QueryParams } from "./query/params.js";
import { Router } from "./routes.js";
import { seedStore, type Scale, type SeedSummary } from "./seed/index.js";
import { Store } from "./store.js";
import { handleWeb, isWebPath } from "./web/index.js";

export const API_ROOT = "/v4_6_release/apis/3.0";
const MAX_BODY = 10 * 1024 * 1024;

export interface SandboxOptions {
  port?: number;
  host?: string;
  seed?: number;
  scale?: Scale;
  /** The sandbox's "today"; seeded dates are relative to it. Defaults to the current day (UTC midnight). */
  now?: Date;
  credentials?: Partial<Credentials>;
  faults?: Partial<FaultSettings>;
  catalogueFile?: string;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface Sandbox {
  /** http://127.0.0.1:PORT */
  url: string;
  /** url + /v4_6_release/apis/3.0 */
  apiUrl: string;
  credentials: Credentials;
  store: Store;
  faults: Faults;
  requests: RequestLogEntry[];
  /** The web UI's requests (sign-in, report pages, exports), apart from the API's, so API request counts stay exact. */
  webRequests: RequestLogEntry[];
  seed: SeedSummary;
  /** Re-seed to the initial state; clears the request log and the faults. */
  reset(): void;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const credentials: Credentials = { ...DEFAULT_CREDENTIALS, ...options.credentials };
  const today = options.now ?? utcMidnight(new Date());
  const seedOptions = { seed: options.seed ?? 1, scale: options.scale ?? "small", now: today };
  const catalogue = new Catalogue(options.catalogueFile ?? cataloguePath());
  const model = new SandboxModel(catalogue);
  const router = new Router(catalogue);
  const faults = new Faults(options.faults, seedOptions.seed);
  const requests: RequestLogEntry[] = [];
  const webRequests: RequestLogEntry[] = [];

  // The store's clock runs from the sandbox's "today" at the real pace, so new records sort after seeded ones.
  const startedAt = Date.now();
  const clock = () => new Date(today.getTime() + 9 * 3_600_000 + (Date.now() - startedAt));
  let store = new Store(clock, credentials.apiMember);
  let seed = seedStore(store, seedOptions);
  let api = new SandboxApi(store, model, router);

  const state = {
    reset() {
      store = new Store(clock, credentials.apiMember);
      seed = seedStore(store, seedOptions);
      api = new SandboxApi(store, model, router);
      sandbox.store = store;
      sandbox.seed = seed;
      requests.length = 0;
      webRequests.length = 0;
      faults.reset(options.faults);
    },
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      process.stderr.write(`sandbox: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      if (!res.headersSent) send(res, 500, { code: "ConnectWiseApi", message: "An unexpected error occurred in the sandbox." });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sandbox");
    const method = (req.method ?? "GET").toUpperCase();
    if (url.pathname.startsWith("/__sandbox")) return control(req, res, url, method);
    const company = /^(?:\/[^/]+)?\/login\/companyinfo\/([^/]+)\/?$/i.exec(url.pathname);
    if (company && method === "GET") return companyInfo(res, decodeURIComponent(company[1]!));
    const api = /^\/([^/]+)\/apis\/3\.0(\/.*)?$/i.exec(url.pathname);
    if (api) return apiRequest(req, res, url, method, api[1]!, api[2] ?? "/");
    if (isWebPath(url.pathname)) {
      const delay = faults.current.webLatencyMs;
      if (delay > 0) await sleep(delay);
      if (await handleWeb(req, res, url, { store, credentials })) {
        webRequests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: res.statusCode });
        return;
      }
    }
    send(res, 404, { code: "NotFound", message: `Nothing is served at ${url.pathname}. The API is under ${API_ROOT}.` });
  }

  async function apiRequest(req: IncomingMessage, res: ServerResponse, url: URL, method: string, codebase: string, path: string): Promise<void> {
    const query = new QueryParams(url.search.slice(1));
    const log = (status: number) => requests.push({ method, path, query: query.entries(), status });
    const rawBody = await readBody(req);
    const plan = faults.plan(method, path);
    if (plan.delayMs > 0) await sleep(plan.delayMs);
    if (plan.reset) {
      log(0);
      req.socket.destroy();
      return;
    }
    if (plan.status) {
      log(plan.status);
      const retryAfter = plan.retryAfter ?? faults.current.retryAfterSeconds;
      return send(res, plan.status, faultBody(plan.status, retryAfter), plan.status === 429 || plan.retryAfter !== undefined ? { "Retry-After": String(retryAfter) } : {});
    }
    const denied = checkAuth(req.headers, credentials);
    if (denied) {
      log(denied.status);
      return send(res, denied.status, denied.body);
    }
    let body: unknown;
    if (rawBody.trim()) {
      try {
        body = JSON.parse(rawBody);
      } catch (err) {
        log(400);
        return send(res, 400, { code: "ConnectWiseApi", message: `Unexpected character encountered while parsing value. ${(err as Error).message}. Path '', line 1.` });
      }
    }
    const host = req.headers.host ?? "127.0.0.1";
    const response = await api.handle({ method, path, query, headers: req.headers, body, rawBody, baseUrl: `http://${host}/${codebase}/apis/3.0` });
    log(response.status);
    if (response.raw) {
      res.writeHead(response.status, { "Content-Type": response.raw.contentType, "Content-Length": response.raw.data.length, ...standardHeaders() });
      res.end(response.raw.data);
      return;
    }
    const text = response.body === undefined ? "" : JSON.stringify(response.body);
    if (plan.truncate || plan.malformed) {
      const broken = plan.truncate ? text.slice(0, Math.max(1, Math.floor(text.length / 2))) : `${text.slice(0, Math.floor(text.length / 2))}<!-- upstream error -->`;
      res.writeHead(response.status, { "Content-Type": "application/json; charset=utf-8", ...standardHeaders(), ...response.headers });
      res.end(broken);
      return;
    }
    sendText(res, response.status, text, response.headers ?? {});
  }

  async function control(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    const route = url.pathname.replace(/\/+$/, "");
    if (route === "/__sandbox" && method === "GET") {
      return send(res, 200, { apiUrl: sandbox.apiUrl, seed: seedOptions.seed, scale: seedOptions.scale, today: seedOptions.now.toISOString(), counts: seed.counts });
    }
    if (route === "/__sandbox/requests" && method === "GET") return send(res, 200, requests);
    if (route === "/__sandbox/requests" && method === "DELETE") {
      requests.length = 0;
      return sendText(res, 204, "", {});
    }
    if (route === "/__sandbox/reset" && method === "POST") {
      state.reset();
      return send(res, 200, { reset: true, counts: seed.counts });
    }
    if (route === "/__sandbox/faults" && method === "GET") return send(res, 200, faults.current);
    if (route === "/__sandbox/faults" && (method === "PUT" || method === "POST")) {
      try {
        return send(res, 200, faults.update(JSON.parse((await readBody(req)) || "{}")));
      } catch (err) {
        const message = err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") : (err as Error).message;
        return send(res, 400, { code: "InvalidFaults", message });
      }
    }
    if (route === "/__sandbox/seed" && method === "GET") return send(res, 200, seed);
    send(res, 404, { code: "NotFound", message: "Control endpoints: GET /__sandbox, GET|DELETE /__sandbox/requests, POST /__sandbox/reset, GET|PUT /__sandbox/faults, GET /__sandbox/seed." });
  }

  function companyInfo(res: ServerResponse, name: string): void {
    if (name.toLowerCase() !== credentials.company.toLowerCase()) return sendText(res, 200, "null", {});
    send(res, 200, { CompanyName: "Sandbox MSP", Codebase: "v4_6_release/", VersionCode: "v2025.1", VersionNumber: "v4.6.2025.1", CompanyID: credentials.company, IsCloud: true });
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${options.host ?? "127.0.0.1"}:${port}`;
  const sandbox: Sandbox = {
    url: origin,
    apiUrl: `${origin}${API_ROOT}`,
    credentials,
    store,
    faults,
    requests,
    webRequests,
    seed,
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        catalogue.close();
      }),
  };
  return sandbox;
}

function standardHeaders(): Record<string, string> {
  return { "Cache-Control": "no-cache", Pragma: "no-cache", "x-cw-request-id": randomUUID(), "api-current-version": "2025.1" };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), headers);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  const h: Record<string, string | number> = { ...standardHeaders(), ...headers };
  if (status !== 204) {
    h["Content-Type"] = "application/json; charset=utf-8";
    h["Content-Length"] = Buffer.byteLength(text);
  }
  res.writeHead(status, h);
  res.end(status === 204 ? undefined : text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function utcMidnight(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}
