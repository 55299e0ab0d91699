import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { connectionProblem, hasNoCredentials, loadConfig, normaliseApiUrl, parseEnv, secretsOf } from "../../src/config.js";

function home(files: { user?: string; userMode?: number; pkg?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "cw-config-"));
  const pkg = join(dir, "pkg");
  mkdirSync(pkg);
  if (files.user !== undefined) {
    mkdirSync(join(dir, ".config", "connectwise-psa"), { recursive: true });
    const file = join(dir, ".config", "connectwise-psa", ".env");
    writeFileSync(file, files.user);
    chmodSync(file, files.userMode ?? 0o600);
  }
  if (files.pkg !== undefined) {
    writeFileSync(join(pkg, ".env"), files.pkg);
    chmodSync(join(pkg, ".env"), 0o600);
  }
  return { home: dir, packageRoot: pkg };
}

describe("configuration", () => {
  it("takes the environment first, then ~/.config/connectwise-psa/.env, then the package's .env", () => {
    const paths = home({
      user: "CW_COMPANY_ID=fromuser\nCW_PUBLIC_KEY=userpub\nCW_TIMEZONE=Europe/London\n",
      pkg: "CW_COMPANY_ID=frompkg\nCW_PUBLIC_KEY=pkgpub\nCW_PRIVATE_KEY=pkgpriv\nCW_CLIENT_ID=pkgclient\n",
    });
    const config = loadConfig({ ...paths, env: { CW_PUBLIC_KEY: "envpub", CW_API_URL: "https://api-eu.myconnectwise.net" } });
    expect(config).toMatchObject({
      companyId: "fromuser",
      publicKey: "envpub",
      privateKey: "pkgpriv",
      clientId: "pkgclient",
      authPrefix: "fromuser+",
      timezone: "Europe/London",
      apiUrl: "https://api-eu.myconnectwise.net/v4_6_release/apis/3.0",
      missing: [],
      problems: [],
    });
    expect(config.envFiles).toHaveLength(2);
  });

  it("refuses a .env that group or others can read, naming the file and the fix", () => {
    const paths = home({ user: "CW_PRIVATE_KEY=secret\n", userMode: 0o644 });
    const config = loadConfig({ ...paths, env: {} });
    expect(config.privateKey).toBeUndefined();
    expect(config.problems).toEqual([expect.stringMatching(/^Refusing to read .+\/\.config\/connectwise-psa\/\.env: it is readable by group or others \(mode 644\).*Run `chmod 600 .+\.env`, or set CW_ENV_PERMISSIVE=true/)]);
    expect(connectionProblem(config)).toContain("chmod 600");
    // A refused file is an attempt to configure ConnectWise: report it rather than fall back to the sandbox.
    expect(hasNoCredentials(config)).toBe(false);
  });

  it("reads such a file when CW_ENV_PERMISSIVE=true", () => {
    const paths = home({ user: "CW_PRIVATE_KEY=secret\n", userMode: 0o644 });
    expect(loadConfig({ ...paths, env: { CW_ENV_PERMISSIVE: "true" } }).privateKey).toBe("secret");
  });

  it("lists the missing connection variables and says where to put them", () => {
    const config = loadConfig({ ...home(), env: { CW_COMPANY_ID: "acme", CW_API_URL: "https://na.myconnectwise.net/v4_6_release/apis/3.0" } });
    expect(config.missing).toEqual(["CW_PUBLIC_KEY", "CW_PRIVATE_KEY", "CW_CLIENT_ID"]);
    expect(connectionProblem(config)).toMatch(/^ConnectWise is not configured: CW_PUBLIC_KEY, CW_PRIVATE_KEY, CW_CLIENT_ID are not set\. Set them in the MCP client's "env" block, or in .+ \(chmod 600\)\.$/);
    expect(hasNoCredentials(config)).toBe(false);
    expect(hasNoCredentials(loadConfig({ ...home(), env: {} }))).toBe(true);
  });

  it("reads switches and numbers, reporting values it cannot use", () => {
    const config = loadConfig({ ...home(), env: { CW_READ_ONLY: "yes", CW_RAW_WRITES_ENABLED: "0", CW_MAX_CONCURRENCY: "200", CW_TIMEOUT_MS: "5000", CW_TIMEZONE: "Mars/Olympus", CW_DISCOVER_ALLOW_OFFORIGIN: "maybe" } });
    expect(config).toMatchObject({ readOnly: true, rawWritesEnabled: false, maxConcurrency: 4, timeoutMs: 5000, timezone: "UTC", discoverAllowOffOrigin: false });
    expect(config.problems).toEqual([
      'CW_TIMEZONE="Mars/Olympus" is not an IANA time zone (such as America/Chicago or Europe/London); using UTC.',
      'CW_DISCOVER_ALLOW_OFFORIGIN="maybe" is not a yes/no value: use true or false.',
      'CW_MAX_CONCURRENCY="200" must be a whole number from 1 to 32; using 4.',
    ]);
  });

  it("defaults CW_AUTH_PREFIX to the company id and a plus, and honours an explicit one", () => {
    expect(loadConfig({ ...home(), env: { CW_COMPANY_ID: "acme" } }).authPrefix).toBe("acme+");
    expect(loadConfig({ ...home(), env: { CW_COMPANY_ID: "acme", CW_AUTH_PREFIX: "acme_" } }).authPrefix).toBe("acme_");
  });

  it("accepts only https API roots (http only on this machine), without credentials or a query", () => {
    const problems: string[] = [];
    expect(normaliseApiUrl("https://api-na.myconnectwise.net/", problems)).toBe("https://api-na.myconnectwise.net/v4_6_release/apis/3.0");
    expect(normaliseApiUrl("http://127.0.0.1:8787/v4_6_release/apis/3.0", problems)).toBe("http://127.0.0.1:8787/v4_6_release/apis/3.0");
    expect(normaliseApiUrl("http://na.myconnectwise.net", problems)).toBeUndefined();
    expect(normaliseApiUrl("https://u:p@na.myconnectwise.net", problems)).toBeUndefined();
    expect(normaliseApiUrl("not a url", problems)).toBeUndefined();
    expect(problems).toHaveLength(3);
  });

  it("parses .env syntax: comments, export, quotes", () => {
    expect(parseEnv('# comment\nexport A=1\nB="two words"\nC=\'$raw\'\nD=plain # trailing\nE="line\\nbreak"\nnot a line\n')).toEqual({ A: "1", B: "two words", C: "$raw", D: "plain", E: "line\nbreak" });
  });

  it("knows which values are secrets", () => {
    const config = loadConfig({ ...home(), env: { CW_COMPANY_ID: "acme", CW_PUBLIC_KEY: "pubkey", CW_PRIVATE_KEY: "privkey", CW_CLIENT_ID: "client-1" } });
    expect(secretsOf(config)).toEqual(["privkey", "pubkey", "client-1", Buffer.from("acme+pubkey:privkey").toString("base64")]);
  });

  it("reads the web report settings: CW_WEB_URL to its origin, the web sign-in (its password a secret), the browser", () => {
    const config = loadConfig({
      ...home(),
      env: { CW_WEB_URL: "https://na.myconnectwise.net/v2026_1/ConnectWise.aspx", CW_WEB_USERNAME: "reports", CW_WEB_PASSWORD: "web-secret", CW_CHROMIUM_PATH: "/opt/chromium" },
    });
    expect(config).toMatchObject({ webUrl: "https://na.myconnectwise.net", webUsername: "reports", webPassword: "web-secret", chromiumPath: "/opt/chromium", webVersion: "v2026_1" });
    expect(secretsOf(config)).toContain("web-secret");
    const bad = loadConfig({ ...home(), env: { CW_WEB_URL: "http://cw.example.com" } });
    expect(bad.webUrl).toBeUndefined();
    expect(bad.problems.join(" ")).toMatch(/CW_WEB_URL must use https/);
  });
});
