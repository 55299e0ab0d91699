/**
 * `connectwise-psa-mcp --http PORT`: MCP over Streamable HTTP for shared deployments, on node:http with the
 * SDK's StreamableHTTPServerTransport.
 *
 * - One endpoint, /mcp (POST for requests, GET for the server's event stream, DELETE to end a session), and
 *   /healthz for load balancers (no auth, says only "ok").
 * - Sessions: an initialize request without Mcp-Session-Id opens one; each session is its own McpServer and
 *   transport, over one shared Runtime (one catalogue, one ConnectWise client and its limiter, one look-up
 *   cache). An unknown session id is a 404, so the client starts a new session; DELETE ends one; a session
 *   idle for `idleMs` is closed; at `maxSessions` new ones are refused (503).
 * - Checks, in this order, before anything reaches MCP: Host (when bound to loopback, only loopback names,
 *   against DNS rebinding), Origin (browsers: localhost origins and MCP_HTTP_ALLOWED_ORIGINS; others 403),
 *   then the bearer token (MCP_HTTP_TOKEN, compared in constant time; 401 with WWW-Authenticate).
 * - It refuses to start on a non-loopback address without a token: whoever reaches the port would act with
 *   the server's ConnectWise keys.
 */
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Runtime } from "../runtime.js";
import { createServer, SERVER_NAME, type ServerHandle } from "../server.js";

export const MCP_PATH = "/mcp";
export const MIN_TOKEN_LENGTH = 16;
const DEFAULT_MAX_SESSIONS = 100;
const DEFAULT_IDLE_MS = 60 * 60_000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface HttpOptions {
  port: number;
  /** Address to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** Bearer token clients must send; required on a non-loopback host. */
  token?: string | undefined;
  /** Browser origins accepted besides http(s)://localhost, 127.0.0.1 and [::1] on any port. */
  allowedOrigins?: string[];
  /** Shared by every session. */
  runtime: Runtime;
  maxSessions?: number;
  idleMs?: number;
  /** Called for every request to the MCP endpoint (the search warm-up waits while they come). */
  onRequest?: () => void;
}

export interface HttpHandle {
  /** e.g. http://127.0.0.1:8080/mcp */
  url: string;
  port: number;
  /** Open sessions. */
  sessions(): number;
  close(): Promise<void>;
}

/** A start-up setting that cannot work; the message says what to change. */
export class HttpConfigError extends Error {}

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Refuse what must not start: a non-loopback bind without a token, a token too short to be one. */
export function checkHttpSettings(host: string, token: string | undefined): void {
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) {
    throw new HttpConfigError(`MCP_HTTP_TOKEN is ${token.length} characters; use at least ${MIN_TOKEN_LENGTH} random ones (e.g. \`openssl rand -hex 32\`).`);
  }
  if (!token && !isLoopback(host)) {
    throw new HttpConfigError(
      `Refusing to serve MCP on ${host} without MCP_HTTP_TOKEN: anyone who can reach that address would use your ConnectWise keys. ` +
        "Set MCP_HTTP_TOKEN to a long random value (e.g. `openssl rand -hex 32`) and give it to your clients as a bearer token, or bind to 127.0.0.1 (the default).",
    );
  }
}

/** Browsers send Origin; a page elsewhere (or a rebound DNS name) must not drive this server. No Origin: not a browser. */
export function originAllowed(origin: string | undefined, extra: readonly string[] = []): boolean {
  if (origin === undefined) return true;
  if (extra.includes(origin.replace(/\/+$/, ""))) return true;
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && isLoopback(url.hostname);
  } catch {
    return false;
  }
}

/** Constant-time comparison of the Authorization header with the token (hashes first, so lengths never leak). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const given = createHash("sha256").update(m?.[1] ?? "").digest();
  const wanted = createHash("sha256").update(token).digest();
  return timingSafeEqual(given, wanted) && m !== null;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  handle: ServerHandle;
  lastSeen: number;
}

export async function serveHttp(options: HttpOptions): Promise<HttpHandle> {
  const host = options.host ?? "127.0.0.1";
  checkHttpSettings(host, options.token);
  const loopback = isLoopback(host);
  const allowed = (options.allowedOrigins ?? []).map((o) => o.replace(/\/+$/, ""));
  const maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  const sessions = new Map<string, Session>();

  const endSession = async (id: string) => {
    const session = sessions.get(id);
    if (!session) return;
    sessions.delete(id);
    await session.handle.close().catch(() => undefined);
  };

  const openSession = async (): Promise<Session> => {
    const handle = createServer({ runtime: options.runtime });
    const session: Session = { handle, lastSeen: Date.now(), transport: undefined as unknown as StreamableHTTPServerTransport };
    session.transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, session),
      onsessionclosed: (id) => void sessions.delete(id),
    });
    session.transport.onclose = () => {
      const id = session.transport.sessionId;
      if (id && sessions.get(id) === session) sessions.delete(id);
    };
    await handle.server.connect(session.transport);
    return session;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/healthz" && req.method === "GET") return send(res, 200, { status: "ok" });
    if (url.pathname !== MCP_PATH) return send(res, 404, { error: `Not found: the MCP endpoint is ${MCP_PATH}.` });
    options.onRequest?.();

    const hostHeader = req.headers.host ?? "";
    if (loopback && !isLoopback(hostName(hostHeader))) return rpcError(res, 403, `Forbidden: Host "${hostHeader}" is not this machine (DNS rebinding protection).`);
    const origin = req.headers.origin;
    if (!originAllowed(origin, allowed)) {
      return rpcError(res, 403, `Forbidden: Origin ${origin} is not allowed. Add it to MCP_HTTP_ALLOWED_ORIGINS to let that page use this server.`);
    }
    if (options.token && !bearerMatches(req.headers.authorization, options.token)) {
      const given = req.headers.authorization !== undefined;
      res.setHeader("WWW-Authenticate", `Bearer realm="${SERVER_NAME}"${given ? ', error="invalid_token"' : ""}`);
      return rpcError(res, 401, given ? "Unauthorized: the bearer token is not this server's MCP_HTTP_TOKEN." : "Unauthorized: send Authorization: Bearer <MCP_HTTP_TOKEN>.");
    }

    const sessionId = req.headers["mcp-session-id"];
    if (typeof sessionId === "string") {
      const session = sessions.get(sessionId);
      if (!session) return rpcError(res, 404, "Session not found: it ended or expired. Start a new session with initialize.");
      session.lastSeen = Date.now();
      return session.transport.handleRequest(req, res);
    }
    if (req.method !== "POST") return rpcError(res, 400, "Bad Request: no Mcp-Session-Id. Start a session with an initialize request (POST).");

    let body: unknown;
    try {
      body = await readJson(req);
    } catch (err) {
      return rpcError(res, err instanceof BodyTooLarge ? 413 : 400, err instanceof BodyTooLarge ? "Request body too large." : "Parse error: the body is not JSON.", err instanceof BodyTooLarge ? -32000 : -32700);
    }
    if (!isInitializeRequest(body)) return rpcError(res, 400, "Bad Request: no Mcp-Session-Id. Start a session with an initialize request.");
    if (sessions.size >= maxSessions) return rpcError(res, 503, `Too many sessions (${maxSessions}): end one (DELETE ${MCP_PATH}) or try later.`);
    const session = await openSession();
    await session.transport.handleRequest(req, res, body);
    // An initialize that failed leaves no session behind.
    if (!session.transport.sessionId || !sessions.has(session.transport.sessionId)) await session.handle.close().catch(() => undefined);
  };

  const server: Server = createHttpServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      process.stderr.write(`${SERVER_NAME}: HTTP ${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}\n`);
      if (!res.headersSent) rpcError(res, 500, "Internal server error.", -32603);
      else res.end();
    });
  });
  // Streams stay open for server-sent events; only idle keep-alive sockets time out.
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const sweep = setInterval(() => {
    const cutoff = Date.now() - idleMs;
    for (const [id, s] of sessions) if (s.lastSeen < cutoff) void endSession(id);
  }, Math.min(60_000, Math.max(1_000, Math.floor(idleMs / 2))));
  sweep.unref();

  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}${MCP_PATH}`,
    port,
    sessions: () => sessions.size,
    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions.keys()].map(endSession));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function hostName(hostHeader: string): string {
  if (hostHeader.startsWith("[")) return hostHeader.slice(0, hostHeader.indexOf("]") + 1);
  return hostHeader.replace(/:\d+$/, "");
}

class BodyTooLarge extends Error {}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

function rpcError(res: ServerResponse, status: number, message: string, code = -32000): void {
  send(res, status, { jsonrpc: "2.0", error: { code, message }, id: null });
}
