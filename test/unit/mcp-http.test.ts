/**
 * The HTTP transport's rules, as pure functions (the e2e tests in test/e2e/http.test.ts run them for real),
 * and the settings that feed them.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, secretsOf } from "../../src/config.js";
import { bearerMatches, checkHttpSettings, HttpConfigError, isLoopback, originAllowed } from "../../src/transports/http.js";

const TOKEN = "0123456789abcdef0123";

describe("isLoopback", () => {
  it("accepts this machine's names only", () => {
    for (const host of ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]"]) expect(isLoopback(host), host).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "localhost.example.com", "127.0.0.1.nip.io", "example.com", ""]) expect(isLoopback(host), host).toBe(false);
  });
});

describe("checkHttpSettings", () => {
  it("refuses a non-loopback address without a token, saying how to make one", () => {
    expect(() => checkHttpSettings("0.0.0.0", undefined)).toThrow(HttpConfigError);
    expect(() => checkHttpSettings("192.168.1.10", undefined)).toThrow(/without MCP_HTTP_TOKEN.*openssl rand -hex 32.*127\.0\.0\.1/);
  });

  it("refuses a token too short to be one, on any address", () => {
    expect(() => checkHttpSettings("127.0.0.1", "short")).toThrow(/MCP_HTTP_TOKEN is 5 characters; use at least 16/);
    expect(() => checkHttpSettings("0.0.0.0", "x".repeat(15))).toThrow(/at least 16/);
  });

  it("allows loopback without a token, and any address with one", () => {
    expect(() => checkHttpSettings("127.0.0.1", undefined)).not.toThrow();
    expect(() => checkHttpSettings("::1", undefined)).not.toThrow();
    expect(() => checkHttpSettings("0.0.0.0", TOKEN)).not.toThrow();
  });
});

describe("originAllowed", () => {
  it("lets non-browser clients (no Origin) and localhost pages in", () => {
    expect(originAllowed(undefined)).toBe(true);
    for (const origin of ["http://localhost", "http://localhost:6274", "https://127.0.0.1:3000", "http://[::1]:8080"]) expect(originAllowed(origin), origin).toBe(true);
  });

  it("refuses other pages, rebound names and oddities unless configured", () => {
    for (const origin of ["https://evil.example", "http://localhost.evil.example", "null", "file://", "chrome-extension://abc", "http://127.0.0.1.nip.io"]) expect(originAllowed(origin), origin).toBe(false);
    expect(originAllowed("https://portal.example.com", ["https://portal.example.com"])).toBe(true);
    expect(originAllowed("https://portal.example.com/", ["https://portal.example.com"])).toBe(true);
    expect(originAllowed("https://portal.example.com:8443", ["https://portal.example.com"])).toBe(false);
  });
});

describe("bearerMatches", () => {
  it("accepts exactly 'Bearer <token>' (scheme in any case)", () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    for (const header of [undefined, "", "Bearer", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, TOKEN, `Bearer ${TOKEN} extra`]) {
      expect(bearerMatches(header, TOKEN), String(header)).toBe(false);
    }
  });
});

describe("settings", () => {
  const home = mkdtempSync(join(tmpdir(), "cw-http-config-"));
  it("reads MCP_HTTP_TOKEN, MCP_HTTP_ALLOWED_ORIGINS and CW_SLOW_CALL_MS, and keeps the token out of answers", () => {
    const config = loadConfig({ home, env: { MCP_HTTP_TOKEN: TOKEN, MCP_HTTP_ALLOWED_ORIGINS: " https://a.example/, https://b.example:8443 ,", CW_SLOW_CALL_MS: "2500" } });
    expect(config).toMatchObject({ httpToken: TOKEN, httpAllowedOrigins: ["https://a.example", "https://b.example:8443"], slowCallMs: 2500, problems: [] });
    expect(secretsOf(config)).toContain(TOKEN);
  });

  it("defaults: no token, no extra origins, slow after 5 s; a bad CW_SLOW_CALL_MS is a problem, not a crash", () => {
    expect(loadConfig({ home, env: {} })).toMatchObject({ httpAllowedOrigins: [], slowCallMs: 5000 });
    expect(loadConfig({ home, env: {} }).httpToken).toBeUndefined();
    const bad = loadConfig({ home, env: { CW_SLOW_CALL_MS: "soon" } });
    expect(bad.slowCallMs).toBe(5000);
    expect(bad.problems).toEqual([expect.stringMatching(/^CW_SLOW_CALL_MS="soon" must be a whole number/)]);
  });
});
