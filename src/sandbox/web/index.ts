/**
 * The sandbox's web UI for reports, under a web-version prefix such as /v2026_1/:
 *
 *   GET  /{v}/                              → 303 to the report list
 *   GET  /{v}/login, POST /{v}/login        sign in (company, username, password, optional next)
 *   POST /{v}/login/mfa                     the second factor, asked of the MFA user (never accepted here)
 *   GET  /{v}/logout                        sign out
 *   GET  /{v}/reports                       the report list
 *   GET  /{v}/reports/{id}?params           a report as an HTML table
 *   GET  /{v}/reports/{id}/export.csv?params the same rows as CSV
 *
 * Report pages need a session; without one they redirect to the sign-in page, which returns there.
 * Sessions are kept per sandbox (keyed by its credentials object), so they survive a store reset.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Credentials } from "../auth.js";
import type { Store } from "../store.js";
import { toCsv } from "./csv.js";
import { loginPage, messagePage, mfaPage, notFoundPage, paramErrorPage, reportListPage, reportPage } from "./pages.js";
import { ParamError } from "./params.js";
import { findReport, reportParams, REPORTS, todayOf } from "./reports.js";
import { clearedSessionCookie, sessionCookie, sessionIdFrom, Sessions, type Session } from "./sessions.js";

export interface WebContext {
  store: Store;
  /** The sandbox's credentials; `webUsername` / `webPassword`, when set, override the web user. */
  credentials: Credentials & { webUsername?: string; webPassword?: string };
}

export interface WebOptions {
  webUsername: string;
  webPassword: string;
  /**
   * A user whose account requires a second factor: the right password leads to a code prompt, as ConnectWise
   * shows when MFA is enforced, and no code is ever accepted — so a client's "MFA required" path can be tested.
   */
  mfaUsername: string;
  sessionTtlMs: number;
  /** The clock sessions expire by, in epoch milliseconds. */
  now: () => number;
}

export const DEFAULT_WEB_OPTIONS: Readonly<WebOptions> = {
  webUsername: "sandbox-admin",
  webPassword: "sandbox-password",
  mfaUsername: "sandbox-mfa",
  sessionTtlMs: 8 * 3_600_000,
  now: () => Date.now(),
};

let options: WebOptions = { ...DEFAULT_WEB_OPTIONS };

/** Changes the web options for every sandbox in this process; returns the previous ones to restore. */
export function configureWeb(changes: Partial<WebOptions>): WebOptions {
  const previous = options;
  options = { ...options, ...changes };
  return previous;
}

/** The web user a sandbox accepts (its credentials' override, else the configured one). */
export function webUserOf(credentials: WebContext["credentials"]): { username: string; password: string } {
  return { username: credentials.webUsername ?? options.webUsername, password: credentials.webPassword ?? options.webPassword };
}

/** A web-version prefix: /v2026_1 and anything else shaped like it. */
const VERSIONED = /^\/(v\d{4}_\d+)(\/.*)?$/;
const MAX_FORM = 64 * 1024;

/** Whether a path is the web UI's (under a web-version prefix); everything else is the API's or the control's. */
export function isWebPath(pathname: string): boolean {
  return VERSIONED.test(pathname);
}
const sessionsBySandbox = new WeakMap<object, Sessions>();

interface WebRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  ctx: WebContext;
  version: string;
  sessions: Sessions;
}

export async function handleWeb(req: IncomingMessage, res: ServerResponse, url: URL, ctx: WebContext): Promise<boolean> {
  const m = VERSIONED.exec(url.pathname);
  if (!m) return false;
  let sessions = sessionsBySandbox.get(ctx.credentials);
  if (!sessions) {
    sessions = new Sessions();
    sessionsBySandbox.set(ctx.credentials, sessions);
  }
  const w: WebRequest = { req, res, url, ctx, version: m[1]!, sessions };
  const path = (m[2] ?? "").replace(/\/+$/, "");
  const method = (req.method ?? "GET").toUpperCase();
  const get = method === "GET" || method === "HEAD";

  if (path === "/login") {
    if (get) return sendHtml(res, 200, loginPage({ version: w.version, next: safeNext(url.searchParams.get("next")) }));
    if (method === "POST") return login(w);
    return notAllowed(w, "GET, POST");
  }
  if (path === "/login/mfa") {
    if (method !== "POST") return notAllowed(w, "POST");
    await readForm(req);
    return sendHtml(res, 401, mfaPage({ version: w.version, error: "The verification code is not correct." }));
  }
  if (path === "/logout") {
    if (!get && method !== "POST") return notAllowed(w, "GET, POST");
    sessions.end(sessionIdFrom(req.headers));
    return redirect(res, `/${w.version}/login`, clearedSessionCookie());
  }
  const report = /^\/reports\/([^/]+?)(\/export\.csv)?$/.exec(path);
  if (path !== "" && path !== "/reports" && !report) {
    return sendHtml(res, 404, notFoundPage(w.version, undefined, `There is no page at ${url.pathname}. The reports are at /${w.version}/reports.`));
  }
  if (!get) return notAllowed(w, "GET");
  if (path === "") return redirect(res, `/${w.version}/reports`);
  const session = signedIn(w);
  if (!session) return true;
  if (!report) return sendHtml(res, 200, reportListPage(w.version, session.username));
  return showReport(w, session, report[1]!, report[2] !== undefined);
}

async function login(w: WebRequest): Promise<boolean> {
  const body = await readForm(w.req);
  if (body === undefined) return sendHtml(w.res, 413, messagePage(w.version, "Too large", "The sign-in form was larger than 64 KB."));
  const form = new URLSearchParams(body);
  const company = (form.get("company") ?? "").trim();
  const username = form.get("username") ?? "";
  const next = safeNext(form.get("next"));
  const user = webUserOf(w.ctx.credentials);
  const companyOk = company.toLowerCase() === w.ctx.credentials.company.toLowerCase();
  const passwordOk = sameSecret(form.get("password") ?? "", user.password);
  if (companyOk && passwordOk && sameSecret(username, options.mfaUsername)) {
    return sendHtml(w.res, 200, mfaPage({ version: w.version, ...(next ? { next } : {}) }));
  }
  const valid = companyOk && sameSecret(username, user.username) && passwordOk;
  if (!valid) {
    const error = "The company, username or password is not correct.";
    return sendHtml(w.res, 401, loginPage({ version: w.version, next, error, company, username }));
  }
  // A new id on every sign-in, so a session id planted before sign-in is never promoted.
  w.sessions.end(sessionIdFrom(w.req.headers));
  const session = w.sessions.create(username, options.sessionTtlMs, options.now());
  return redirect(w.res, next ?? `/${w.version}/reports`, sessionCookie(session.id));
}

function showReport(w: WebRequest, session: Session, id: string, csv: boolean): boolean {
  const report = findReport(id);
  if (!report) {
    const known = REPORTS.map((r) => r.id).join(", ");
    return sendHtml(w.res, 404, notFoundPage(w.version, session.username, `There is no report "${id}". The reports are: ${known}.`));
  }
  const parsed = reportParams(report, w.url.searchParams);
  if (parsed instanceof ParamError) return sendHtml(w.res, 400, paramErrorPage(w.version, session.username, report, parsed, w.url.searchParams));
  const table = report.run(w.ctx.store, parsed.values);
  if (!csv) return sendHtml(w.res, 200, reportPage(w.version, session.username, report, parsed, table));
  const text = toCsv(table.columns.map((c) => c.label), table.rows);
  w.res.writeHead(200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${report.id}-${todayOf(w.ctx.store)}.csv"`,
    "Content-Length": Buffer.byteLength(text),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  w.res.end(text);
  return true;
}

/** The signed-in session, or undefined after answering with a redirect to the sign-in page. */
function signedIn(w: WebRequest): Session | undefined {
  const id = sessionIdFrom(w.req.headers);
  const session = w.sessions.get(id, options.now());
  if (!session) {
    const next = encodeURIComponent(w.url.pathname + w.url.search);
    redirect(w.res, `/${w.version}/login?next=${next}`, id === undefined ? undefined : clearedSessionCookie());
  }
  return session;
}

/**
 * Where to go after signing in: only a path on this site under a web-version prefix (never
 * `//evil.example`, `/\evil.example` or an absolute URL), and not back to sign-in or sign-out.
 */
export function safeNext(raw: string | null): string | undefined {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || /[\\\u0000-\u001f\u007f]/.test(raw)) return undefined;
  const base = "http://sandbox.invalid";
  let target: URL;
  try {
    target = new URL(raw, base);
  } catch {
    return undefined;
  }
  if (target.origin !== base) return undefined;
  const m = VERSIONED.exec(target.pathname);
  if (!m || /^\/log(?:in|out)\/?$/.test(m[2] ?? "")) return undefined;
  return target.pathname + target.search;
}

/** Compares without leaking, through timing, how much of a secret matched. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function readForm(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM) chunks.push(chunk);
    });
    req.on("end", () => resolve(size <= MAX_FORM ? Buffer.concat(chunks).toString("utf8") : undefined));
    req.on("error", reject);
  });
}

const HTML_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

function sendHtml(res: ServerResponse, status: number, html: string): true {
  res.writeHead(status, { ...HTML_HEADERS, "Content-Length": Buffer.byteLength(html) });
  res.end(html);
  return true;
}

function redirect(res: ServerResponse, location: string, cookie?: string): true {
  res.writeHead(303, { Location: location, "Cache-Control": "no-store", "Content-Length": 0, ...(cookie ? { "Set-Cookie": cookie } : {}) });
  res.end();
  return true;
}

function notAllowed(w: WebRequest, allow: string): true {
  w.res.writeHead(405, { ...HTML_HEADERS, Allow: allow });
  w.res.end(messagePage(w.version, "Method not allowed", `${w.url.pathname} answers ${allow}.`));
  return true;
}
