/**
 * Which browser to drive. Playwright's own browser download does not work everywhere (closed networks, CI
 * images), and a package manager's Chromium does, so the system's Chromium or Chrome is used: CW_CHROMIUM_PATH,
 * else the usual install locations and PATH. Nothing here launches anything, so it is cheap and testable.
 */
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { ReportError } from "./errors.js";

const INSTALL_HINT =
  "Install Chromium — Debian/Ubuntu: `apt-get install -y chromium` (older Ubuntu: chromium-browser); Fedora: `dnf install chromium`; " +
  "macOS: `brew install --cask chromium` or Google Chrome — or set CW_CHROMIUM_PATH to a Chromium or Chrome executable.";

const KNOWN_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
  "/snap/bin/chromium",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];
const PATH_NAMES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome", "chrome"];

export interface FindOptions {
  /** CW_CHROMIUM_PATH. */
  configured?: string | undefined;
  /** PATH to search; process.env.PATH by default. */
  path?: string | undefined;
  /** Extra places to try last (Playwright's own download, when there is one). */
  extra?: string[];
  /** Overridable for tests. */
  isExecutable?: (file: string) => boolean;
  platform?: NodeJS.Platform;
}

export function findChromium(options: FindOptions = {}): string {
  const ok = options.isExecutable ?? isExecutable;
  if (options.configured) {
    if (ok(options.configured)) return options.configured;
    throw new ReportError("no-chromium", `CW_CHROMIUM_PATH is set to ${options.configured}, which is not an executable file.`, INSTALL_HINT);
  }
  const candidates = [...KNOWN_PATHS, ...windowsPaths(options.platform ?? process.platform)];
  for (const dir of (options.path ?? process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
    for (const name of PATH_NAMES) candidates.push(join(dir, name));
  }
  candidates.push(...(options.extra ?? []));
  const found = candidates.find(ok);
  if (found) return found;
  throw new ReportError("no-chromium", "Web reports need Chromium or Google Chrome, and none was found (looked in /usr/bin, /snap/bin, /Applications and on PATH).", INSTALL_HINT);
}

/** Flags for a headless, quiet browser: no first-run, sync or update traffic (closed networks refuse it, slowly). */
export function launchArgs(runningAsRoot: boolean): string[] {
  // Chromium refuses to start as root with its sandbox on (containers, CI); a normal user keeps the sandbox.
  return [
    ...(runningAsRoot ? ["--no-sandbox"] : []),
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ];
}

function windowsPaths(platform: NodeJS.Platform): string[] {
  if (platform !== "win32") return [];
  const roots = [process.env.PROGRAMFILES, process.env["PROGRAMFILES(X86)"], process.env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
  return roots.flatMap((root) => [join(root, "Google", "Chrome", "Application", "chrome.exe"), join(root, "Chromium", "Application", "chrome.exe")]);
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
