/**
 * Open one page of the web UI for one call, signed in, and always close it: the shared path of cw_report and
 * cw_discover_report. The page is closed in `finally` and, on timeout or cancellation, at once — which fails
 * whatever the browser was doing. The main frame may only navigate within the allowed origins (the ConnectWise
 * site, plus an off-origin page the user allowed); anything else is stopped and reported.
 */
import type { Page, Response } from "playwright-core";
import type { BrowserPool } from "./browser.js";
import type { Deadline } from "./deadline.js";
import { loginProfile } from "./definitions.js";
import { ReportError } from "./errors.js";
import { StoreError } from "../store/errors.js";
import { onSignInPage, pageError, signIn, type WebUser } from "./login.js";
import type { ProgressTicker } from "./progress.js";

export interface WebTarget {
  /** The web UI's origin: where reports live and where credentials may be typed. */
  origin: string;
  /** The ConnectWise origins (web UI and API). */
  origins: string[];
  /** CW_WEB_VERSION. */
  version: string;
  user: WebUser;
}

export interface PageOptions {
  deadline: Deadline;
  progress: ProgressTicker;
  /** What is being opened, for messages: "Time by Member" or the page's path. */
  label: string;
  /** How long this usually takes, for the timeout message. */
  usualMs?: number | undefined;
  /** Origins the page may be on besides the ConnectWise ones (an off-origin page the user allowed). */
  extraOrigins?: string[];
}

export interface OpenedPage {
  page: Page;
  /** The HTTP status of the page's document. */
  status: number | undefined;
  /** Whether this call signed in (the saved session was missing or had expired). */
  signedIn: boolean;
  /** Time spent signing in, not counted in the report's own timing. */
  signInMs: number;
  /** When the page was ready to use (after the browser started): the report's own timing starts here. */
  readyAt: number;
}

/** The most sign-ins one call tries: the saved session, then one fresh sign-in (and one retry if another call's failed). */
const MAX_SIGN_INS = 2;

export async function withPage<T>(pool: BrowserPool, target: WebTarget, url: string, options: PageOptions, use: (opened: OpenedPage) => Promise<T>): Promise<T> {
  const { deadline, progress } = options;
  const path = new URL(url).pathname;
  if (!pool.started) progress.step("starting the browser");
  const pending = pool.page();
  let page: Page;
  try {
    page = await deadline.race(pending);
  } catch (err) {
    pending.then((p) => pool.closePage(p), () => undefined);
    throw translate(err, options, url, []);
  }
  const readyAt = Date.now();
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= pool.closePage(page));
  const onAbort = () => void close();
  deadline.signal.addEventListener("abort", onAbort, { once: true });
  const blocked: string[] = [];
  try {
    const allowed = [...target.origins, ...(options.extraOrigins ?? [])];
    await guardNavigation(page, allowed, blocked);
    let documentResponse: Response | undefined;
    page.on("response", (r) => {
      if (r.request().isNavigationRequest() && r.frame() === page.mainFrame() && (r.status() < 300 || r.status() >= 400)) documentResponse = r;
    });

    progress.step(`opening ${path}`);
    await page.goto(url, { waitUntil: "domcontentloaded", timeout: deadline.remaining() });
    stayedOn(page, allowed);
    const profile = loginProfile();
    let signedIn = false;
    let signInMs = 0;
    for (let attempt = 0; await onSignInPage(page, profile, target.version); attempt++) {
      if (attempt >= MAX_SIGN_INS) {
        throw new ReportError("bad-credentials", "Signed in, but the web UI asks to sign in again: the session does not hold.", "Check that the member may open this page, and that the site's cookies are not blocked.");
      }
      progress.step("signing in");
      const started = Date.now();
      try {
        const did = await pool.signInOnce(async () => {
          await signIn(page, profile, target.user, { origin: target.origin, version: target.version, timeoutMs: deadline.remaining() });
          await pool.saveState(page);
        });
        signedIn ||= did;
      } catch (err) {
        if (err instanceof ReportError && (err.kind === "bad-credentials" || err.kind === "mfa")) pool.dropState();
        throw err;
      }
      signInMs += Date.now() - started;
      progress.step(`opening ${path}`);
      // The site usually returns to the report itself (the sign-in form carries it); if not, go back to it.
      if (page.url() !== new URL(url).href) await page.goto(url, { waitUntil: "domcontentloaded", timeout: deadline.remaining() });
      stayedOn(page, allowed);
    }
    await checkStatus(page, documentResponse?.status(), path, target.version, profile.error);
    return await use({ page, status: documentResponse?.status(), signedIn, signInMs, readyAt });
  } catch (err) {
    throw translate(err, options, url, blocked);
  } finally {
    deadline.signal.removeEventListener("abort", onAbort);
    await close();
  }
}

/**
 * The page must still be on an allowed origin. Server redirects are followed by the browser without passing
 * through the route below, so where a navigation ended is checked too; nothing is read from or typed into
 * a page off the site.
 */
function stayedOn(page: Page, allowed: string[]): void {
  const origin = new URL(page.url()).origin;
  if (!allowed.includes(origin)) {
    throw new ReportError("off-origin", `The page tried to leave the ConnectWise site for ${origin}, and was stopped.`, "If that is your ConnectWise web UI, set CW_WEB_URL to its origin.");
  }
}

/**
 * Stop main-frame navigations off the allowed origins (a redirect to a look-alike sign-in, a link planted in
 * report content). Subresources and frames load as the page wants: they cannot carry the session's cookies off-site.
 */
async function guardNavigation(page: Page, allowed: string[], blocked: string[]): Promise<void> {
  await page.route("**/*", (route, request) => {
    let origin = "";
    try {
      origin = new URL(request.url()).origin;
    } catch {
      // not a URL with an origin: treated as off-site
    }
    if (request.isNavigationRequest() && request.frame() === page.mainFrame() && !allowed.includes(origin)) {
      blocked.push(origin || request.url().slice(0, 80));
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
}

async function checkStatus(page: Page, status: number | undefined, path: string, version: string, errorSelector: string): Promise<void> {
  if (status === undefined || status < 400) return;
  if (status === 404) {
    throw new ReportError(
      "not-found",
      `The web UI has no page at ${path} (HTTP 404).`,
      `Check CW_WEB_VERSION (now ${version}) and the report's path; cw_discover_report scaffolds a definition from a page that exists.`,
    );
  }
  const said = await pageError(page, `${errorSelector}, #param-error`);
  if (status === 400) throw new ReportError("bad-params", `The web UI refused the report's parameters (HTTP 400)${said ? `: "${said}"` : ""}.`);
  if (status === 401 || status === 403) {
    throw new ReportError("bad-credentials", `The web UI refused ${path} (HTTP ${status})${said ? `: "${said}"` : ""}.`, "The member in CW_WEB_USERNAME may not have access to this report.");
  }
  throw new ReportError("browser", `The web UI answered ${path} with HTTP ${status}${said ? `: "${said}"` : ""}.`, "ConnectWise may be having trouble; try again later.");
}

function translate(err: unknown, options: PageOptions, url: string, blocked: string[]): ReportError | StoreError {
  const { deadline } = options;
  if (deadline.reason === "timeout") {
    const usual = options.usualMs ? ` (it usually takes about ${Math.max(1, Math.round(options.usualMs / 1000))} s)` : "";
    return new ReportError(
      "timeout",
      `${options.label} did not finish within ${Math.round(deadline.timeoutMs / 1000)} s${usual}; the page was closed.`,
      "Try again (the web UI may be slow right now), give a larger timeout_seconds, or narrow the parameters.",
    );
  }
  if (deadline.reason === "cancelled") return new ReportError("cancelled", `${options.label} was cancelled; the page was closed.`);
  if (err instanceof ReportError) return err;
  // The session could not be saved (a full disk, a read-only CW_DATA_DIR): that, not the browser, is the problem.
  if (err instanceof StoreError) return err;
  if (blocked.length > 0) {
    return new ReportError("off-origin", `The page tried to leave the ConnectWise site for ${blocked[0]}, and was stopped.`, "If that is your ConnectWise web UI, set CW_WEB_URL to its origin.");
  }
  const message = err instanceof Error ? err.message : String(err);
  if ((err as Error | undefined)?.name === "TimeoutError") {
    return new ReportError("timeout", `${options.label}: the page did not respond in time (${message.split("\n")[0]}).`, "Try again, or give a larger timeout_seconds.");
  }
  return new ReportError(
    "browser",
    `The browser could not open ${new URL(url).pathname} on ${new URL(url).origin}: ${message.split("\n")[0]}`,
    "Check that the ConnectWise web UI is reachable from this machine (CW_WEB_URL, or CW_API_URL's host).",
  );
}
