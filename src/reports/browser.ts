/**
 * One headless Chromium per server, launched on the first report and reused (starting one costs a second or
 * more), with one browser context whose cookies are the web session. The session is saved to
 * CW_DATA_DIR/browser-state.json (0600) after each sign-in and loaded at launch, so a restarted server does
 * not sign in again until the site says the session is over. Each call gets its own page, closed by the caller.
 * The browser closes after a few idle minutes, and with the server; Playwright removes its temporary profile
 * when it closes (or when this process exits).
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { findChromium, launchArgs } from "./chromium.js";
import { DOWNLOADS_DIR, downloadsDir } from "./downloads.js";
import { storeFault } from "../store/errors.js";
import { ReportError } from "./errors.js";

export const STATE_FILE = "browser-state.json";
const IDLE_CLOSE_MS = 5 * 60_000;
const LAUNCH_TIMEOUT_MS = 60_000;

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

export interface PoolOptions {
  dataDir: string;
  /** CW_CHROMIUM_PATH. */
  chromiumPath?: string | undefined;
  idleCloseMs?: number;
}

interface Running {
  browser: Browser;
  context: BrowserContext;
  executable: string;
}

export class BrowserPool {
  private running: Promise<Running> | undefined;
  private open = 0;
  private idle: NodeJS.Timeout | undefined;
  private signing: Promise<void> | undefined;

  constructor(private readonly options: PoolOptions) {}

  get statePath(): string {
    return join(this.options.dataDir, STATE_FILE);
  }

  /** Whether a browser is up (or starting): a call that has to launch one expects to take longer. */
  get started(): boolean {
    return this.running !== undefined;
  }

  /** A new page in the shared context, launching the browser first when needed. The caller closes it (see release). */
  async page(): Promise<Page> {
    clearTimeout(this.idle);
    this.open += 1;
    try {
      const { context } = await this.launch();
      return await context.newPage();
    } catch (err) {
      this.release();
      throw err;
    }
  }

  /** Close a page and, when none is left open, start the idle countdown. */
  async closePage(page: Page): Promise<void> {
    await page.close().catch(() => undefined);
    this.release();
  }

  /**
   * Save the context's cookies and storage to browser-state.json, 0600, replaced atomically. A full disk or a
   * read-only CW_DATA_DIR leaves the old file as it was, no partial temp file, and a StoreError saying so.
   */
  async saveState(page: Page): Promise<void> {
    const state = await page.context().storageState();
    const temp = `${this.statePath}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify(state), { mode: 0o600 });
      renameSync(temp, this.statePath);
    } catch (err) {
      removeQuietly(temp);
      throw storeFault(err, this.statePath, this.options.dataDir) ?? err;
    }
  }

  /**
   * Sign in unless another call is already doing so — pages share the context's cookies, so one sign-in serves
   * every call waiting on it. True when this call signed in; false when it waited for another's (which may have failed).
   */
  async signInOnce(signIn: () => Promise<void>): Promise<boolean> {
    if (this.signing) {
      await this.signing.catch(() => undefined);
      return false;
    }
    this.signing = signIn();
    try {
      await this.signing;
      return true;
    } finally {
      this.signing = undefined;
    }
  }

  /** Forget the saved session (it was refused): the next launch starts signed out. */
  dropState(): void {
    removeQuietly(this.statePath);
  }

  async close(): Promise<void> {
    clearTimeout(this.idle);
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    try {
      const { browser } = await running;
      await browser.close();
    } catch {
      // it never started, or already went away
    }
    rmSync(join(this.options.dataDir, DOWNLOADS_DIR, String(process.pid)), { recursive: true, force: true });
  }

  private release(): void {
    this.open = Math.max(0, this.open - 1);
    if (this.open > 0 || !this.running) return;
    clearTimeout(this.idle);
    this.idle = setTimeout(() => void this.close(), this.options.idleCloseMs ?? IDLE_CLOSE_MS);
    this.idle.unref();
  }

  private launch(): Promise<Running> {
    if (!this.running) {
      const starting = this.start();
      this.running = starting;
      // A failed start is not kept: the next call tries again (Chromium may have been installed meanwhile).
      starting.then(
        ({ browser }) =>
          // A crashed or killed browser: the next call launches a new one.
          browser.on("disconnected", () => {
            if (this.running === starting) this.running = undefined;
          }),
        () => {
          if (this.running === starting) this.running = undefined;
        },
      );
    }
    return this.running;
  }

  private async start(): Promise<Running> {
    // Loaded here, not at start-up: playwright-core takes most of a second to import.
    const { chromium } = await import("playwright-core");
    const executable = findChromium({ configured: this.options.chromiumPath, extra: bundledChromium(() => chromium.executablePath()) });
    let browser: Browser;
    try {
      browser = await chromium.launch({
        executablePath: executable,
        headless: true,
        args: launchArgs(process.getuid?.() === 0),
        // Downloads and Playwright's other artifacts go to this server's folder under the data directory, which
        // the next start sweeps if this process dies without cleaning up (a temp folder would just be left).
        downloadsPath: downloadsDir(this.options.dataDir),
        artifactsDir: downloadsDir(this.options.dataDir),
        timeout: LAUNCH_TIMEOUT_MS,
      });
    } catch (err) {
      const first = String((err as Error).message ?? err).split("\n")[0];
      throw new ReportError("browser", `Chromium at ${executable} did not start: ${first}`, "Check that it runs (`chromium --version`), or set CW_CHROMIUM_PATH to another Chromium or Chrome.");
    }
    try {
      const state = loadState(this.statePath);
      const context = await browser.newContext({
        acceptDownloads: true,
        serviceWorkers: "block",
        locale: "en-US",
        ...(state ? { storageState: state } : {}),
      });
      return { browser, context, executable };
    } catch (err) {
      await browser.close().catch(() => undefined);
      throw err;
    }
  }
}

/** The saved session, without expired cookies; undefined when there is none worth loading. */
export function loadState(file: string, nowSeconds = Date.now() / 1000): StorageState | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const state = JSON.parse(readFileSync(file, "utf8")) as StorageState;
    // expires -1 is a session cookie: kept, since the browser lives on; the site ends it when it wants.
    const cookies = (state.cookies ?? []).filter((c) => c.expires === -1 || c.expires > nowSeconds);
    const origins = state.origins ?? [];
    if (cookies.length === 0 && origins.length === 0) return undefined;
    return { cookies, origins } as StorageState;
  } catch {
    removeQuietly(file); // unreadable: signing in again is the cure
    return undefined;
  }
}

/** Remove a file if it is there and can go (a read-only CW_DATA_DIR keeps it: nothing to do about that here). */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // read-only file system or no permission: the file stays
  }
}

function bundledChromium(path: () => string): string[] {
  try {
    return [path()];
  } catch {
    return [];
  }
}
