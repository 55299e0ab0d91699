/**
 * Configuration from the environment and .env files.
 *
 * Search order for .env files: `~/.config/connectwise-psa/.env`, then the package root's `.env`; for each
 * variable the process environment wins, then the first file that sets it. A .env readable by group or
 * others is refused (it holds the private key) unless CW_ENV_PERMISSIVE=true. Nothing here throws:
 * problems and missing credentials are collected, the server starts anyway, and every call that needs
 * ConnectWise answers with exactly what to fix (see `connectionProblem`).
 */
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const API_ROOT = "/v4_6_release/apis/3.0";
export const DEFAULT_API_VERSION = "2025.1";

export interface Config {
  apiUrl?: string;
  companyId?: string;
  publicKey?: string;
  privateKey?: string;
  clientId?: string;
  /** Basic-auth user name prefix; CW_COMPANY_ID + "+" unless set. */
  authPrefix?: string;
  apiVersion: string;
  timezone: string;
  rawWritesEnabled: boolean;
  readOnly: boolean;
  discoverAllowOffOrigin: boolean;
  dataDir: string;
  webVersion: string;
  /** The ConnectWise web UI's origin (CW_WEB_URL); derived from CW_API_URL when unset (see src/reports/origin.ts). */
  webUrl?: string;
  /** Web sign-in for browser reports (CW_WEB_USERNAME / CW_WEB_PASSWORD): a member's own login, not the API keys. */
  webUsername?: string;
  webPassword?: string;
  /** Chromium or Chrome to drive for reports (CW_CHROMIUM_PATH); found on the usual paths when unset. */
  chromiumPath?: string;
  envPermissive: boolean;
  maxConcurrency: number;
  timeoutMs: number;
  /** A ConnectWise call running longer than this is reported to the client as slow (CW_SLOW_CALL_MS, default 5,000). */
  slowCallMs: number;
  /** `--http`: the bearer token clients must send (MCP_HTTP_TOKEN); required unless bound to loopback. */
  httpToken?: string;
  /** `--http`: browser origins accepted besides localhost ones (MCP_HTTP_ALLOWED_ORIGINS, comma-separated). */
  httpAllowedOrigins: string[];
  /** The .env files that were read, in search order. */
  envFiles: string[];
  /** .env files found but refused (readable by group or others). */
  refusedEnvFiles: string[];
  /** Settings that could not be used, each saying what to change. */
  problems: string[];
  /** Connection variables that are not set. */
  missing: string[];
}

export interface ConfigSources {
  env?: NodeJS.ProcessEnv;
  home?: string;
  packageRoot?: string;
}

const CONNECTION_VARS = ["CW_API_URL", "CW_COMPANY_ID", "CW_PUBLIC_KEY", "CW_PRIVATE_KEY", "CW_CLIENT_ID"] as const;

export function userEnvFile(home = homedir()): string {
  return join(home, ".config", "connectwise-psa", ".env");
}

export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? process.env;
  const problems: string[] = [];
  const permissive = parseBoolean("CW_ENV_PERMISSIVE", env.CW_ENV_PERMISSIVE, false, problems);
  const files = [userEnvFile(sources.home), ...(sources.packageRoot ? [join(sources.packageRoot, ".env")] : [])];
  const fromFiles: Record<string, string> = {};
  const envFiles: string[] = [];
  const refusedEnvFiles: string[] = [];
  for (const file of files) {
    const loaded = readEnvFile(file, permissive, problems);
    if (loaded === "refused") refusedEnvFiles.push(file);
    if (!loaded || loaded === "refused") continue;
    envFiles.push(file);
    for (const [k, v] of Object.entries(loaded)) if (!(k in fromFiles)) fromFiles[k] = v;
  }
  const get = (name: string): string | undefined => {
    const v = env[name] ?? fromFiles[name];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };

  const config: Config = {
    apiVersion: get("CW_API_VERSION") ?? DEFAULT_API_VERSION,
    timezone: timezone(get("CW_TIMEZONE"), problems),
    rawWritesEnabled: parseBoolean("CW_RAW_WRITES_ENABLED", get("CW_RAW_WRITES_ENABLED"), true, problems),
    readOnly: parseBoolean("CW_READ_ONLY", get("CW_READ_ONLY"), false, problems),
    discoverAllowOffOrigin: parseBoolean("CW_DISCOVER_ALLOW_OFFORIGIN", get("CW_DISCOVER_ALLOW_OFFORIGIN"), false, problems),
    dataDir: get("CW_DATA_DIR") ?? join(sources.home ?? homedir(), ".config", "connectwise-psa", "data"),
    webVersion: get("CW_WEB_VERSION") ?? "v2026_1",
    envPermissive: permissive,
    maxConcurrency: parseInteger("CW_MAX_CONCURRENCY", get("CW_MAX_CONCURRENCY"), 4, 1, 32, problems),
    timeoutMs: parseInteger("CW_TIMEOUT_MS", get("CW_TIMEOUT_MS"), 30_000, 1_000, 600_000, problems),
    slowCallMs: parseInteger("CW_SLOW_CALL_MS", get("CW_SLOW_CALL_MS"), 5_000, 100, 600_000, problems),
    ...(get("MCP_HTTP_TOKEN") ? { httpToken: get("MCP_HTTP_TOKEN")! } : {}),
    httpAllowedOrigins: (get("MCP_HTTP_ALLOWED_ORIGINS") ?? "").split(",").map((o) => o.trim().replace(/\/+$/, "")).filter(Boolean),
    envFiles,
    refusedEnvFiles,
    problems,
    missing: [],
  };
  const apiUrl = get("CW_API_URL");
  if (apiUrl) {
    const normalised = normaliseApiUrl(apiUrl, problems);
    if (normalised) config.apiUrl = normalised;
  }
  const webUrl = get("CW_WEB_URL");
  if (webUrl) {
    const origin = normaliseWebUrl(webUrl, problems);
    if (origin) config.webUrl = origin;
  }
  const set = (key: "companyId" | "publicKey" | "privateKey" | "clientId" | "authPrefix" | "webUsername" | "webPassword" | "chromiumPath", name: string) => {
    const v = get(name);
    if (v !== undefined) config[key] = v;
  };
  set("companyId", "CW_COMPANY_ID");
  set("publicKey", "CW_PUBLIC_KEY");
  set("privateKey", "CW_PRIVATE_KEY");
  set("clientId", "CW_CLIENT_ID");
  set("authPrefix", "CW_AUTH_PREFIX");
  set("webUsername", "CW_WEB_USERNAME");
  set("webPassword", "CW_WEB_PASSWORD");
  set("chromiumPath", "CW_CHROMIUM_PATH");
  if (!config.authPrefix && config.companyId) config.authPrefix = `${config.companyId}+`;
  config.missing = CONNECTION_VARS.filter((name) => get(name) === undefined);
  return config;
}

/**
 * True when no credential is set anywhere: the server then runs against the sandbox. A refused .env
 * counts as an attempt to configure ConnectWise, so the refusal is reported instead of a quiet sandbox.
 */
export function hasNoCredentials(config: Config): boolean {
  return !config.companyId && !config.publicKey && !config.privateKey && config.refusedEnvFiles.length === 0;
}

/** Why ConnectWise cannot be called with this configuration, or undefined when it can. */
export function connectionProblem(config: Config): string | undefined {
  const lines: string[] = [];
  if (config.missing.length > 0) {
    lines.push(
      `ConnectWise is not configured: ${config.missing.join(", ")} ${config.missing.length === 1 ? "is" : "are"} not set. ` +
        `Set ${config.missing.length === 1 ? "it" : "them"} in the MCP client's "env" block, or in ${userEnvFile()} (chmod 600).`,
    );
  }
  lines.push(...config.problems);
  return lines.length > 0 ? lines.join("\n") : undefined;
}

/** Values that must never appear in output, logs or errors. */
export function secretsOf(config: Config): string[] {
  const out = [config.privateKey, config.publicKey, config.clientId, config.webPassword, config.httpToken];
  if (config.authPrefix && config.publicKey && config.privateKey) {
    out.push(Buffer.from(`${config.authPrefix}${config.publicKey}:${config.privateKey}`).toString("base64"));
  }
  return out.filter((s): s is string => typeof s === "string" && s.length >= 4);
}

function readEnvFile(file: string, permissive: boolean, problems: string[]): Record<string, string> | "refused" | undefined {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    return undefined;
  }
  if ((mode & 0o077) !== 0 && !permissive) {
    problems.push(
      `Refusing to read ${file}: it is readable by group or others (mode ${(mode & 0o777).toString(8)}) and holds your ConnectWise keys. ` +
        `Run \`chmod 600 ${file}\`, or set CW_ENV_PERMISSIVE=true to accept it.`,
    );
    return "refused";
  }
  try {
    return parseEnv(readFileSync(file, "utf8"));
  } catch (err) {
    problems.push(`Cannot read ${file}: ${(err as Error).message}.`);
    return undefined;
  }
}

/** KEY=value lines; `#` comments; optional `export `; single quotes literal, double quotes with \n escapes. */
export function parseEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
      value = value.slice(1, -1).replace(/\\n/g, "\n").replace(/\\(["\\])/g, "$1");
    } else if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) {
      value = value.slice(1, -1);
    } else {
      value = value.replace(/\s+#.*$/, "");
    }
    out[m[1]!] = value;
  }
  return out;
}

function parseBoolean(name: string, value: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (value === undefined || value.trim() === "") return fallback;
  const v = value.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  problems.push(`${name}="${value}" is not a yes/no value: use true or false.`);
  return fallback;
}

function parseInteger(name: string, value: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name}="${value}" must be a whole number from ${min} to ${max}; using ${fallback}.`);
    return fallback;
  }
  return n;
}

function timezone(value: string | undefined, problems: string[]): string {
  if (!value) return "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return value;
  } catch {
    problems.push(`CW_TIMEZONE="${value}" is not an IANA time zone (such as America/Chicago or Europe/London); using UTC.`);
    return "UTC";
  }
}

/**
 * `https://api-na.myconnectwise.net` → `https://api-na.myconnectwise.net/v4_6_release/apis/3.0`.
 * Plain http is accepted only for this machine (the sandbox): ConnectWise answers it with "SSL is required".
 */
export function normaliseApiUrl(value: string, problems: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`CW_API_URL="${value}" is not a URL: use e.g. https://api-na.myconnectwise.net${API_ROOT}.`);
    return undefined;
  }
  const local = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    problems.push(`CW_API_URL must use https (ConnectWise refuses plain http): ${url.protocol}//${url.host}.`);
    return undefined;
  }
  if (url.username || url.password || url.search || url.hash) {
    problems.push("CW_API_URL must not carry credentials, a query or a fragment: give only the API root.");
    return undefined;
  }
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.origin}${path === "" ? API_ROOT : path}`;
}

/**
 * CW_WEB_URL → its origin (`https://na.myconnectwise.net/v2026_1/…` → `https://na.myconnectwise.net`): reports build
 * their paths from CW_WEB_VERSION, so only the origin is kept. The same https rule as CW_API_URL.
 */
export function normaliseWebUrl(value: string, problems: string[]): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`CW_WEB_URL="${value}" is not a URL: use e.g. https://na.myconnectwise.net.`);
    return undefined;
  }
  const local = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    problems.push(`CW_WEB_URL must use https: ${url.protocol}//${url.host}.`);
    return undefined;
  }
  if (url.username || url.password) {
    problems.push("CW_WEB_URL must not carry credentials: set CW_WEB_USERNAME and CW_WEB_PASSWORD instead.");
    return undefined;
  }
  return url.origin;
}
