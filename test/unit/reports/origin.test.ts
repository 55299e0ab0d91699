import { describe, expect, it } from "vitest";
import { ReportError } from "../../../src/reports/errors.js";
import { checkPageUrl, connectWiseOrigins, webOriginOf } from "../../../src/reports/origin.js";

describe("the web origin", () => {
  it("drops api- from ConnectWise cloud hosts: the web UI is na.myconnectwise.net", () => {
    expect(webOriginOf("https://api-na.myconnectwise.net/v4_6_release/apis/3.0")).toBe("https://na.myconnectwise.net");
    expect(webOriginOf("https://api-eu.myconnectwise.net/v4_6_release/apis/3.0")).toBe("https://eu.myconnectwise.net");
  });

  it("keeps one host for on-premise servers and the sandbox", () => {
    expect(webOriginOf("https://cw.example.com/v4_6_release/apis/3.0")).toBe("https://cw.example.com");
    expect(webOriginOf("http://127.0.0.1:8787/v4_6_release/apis/3.0")).toBe("http://127.0.0.1:8787");
  });

  it("takes CW_WEB_URL when set, and counts both origins as ConnectWise's", () => {
    expect(webOriginOf("https://api-na.myconnectwise.net/x", "https://web.example.com/v2026_1/")).toBe("https://web.example.com");
    expect(connectWiseOrigins("https://api-na.myconnectwise.net/v4_6_release/apis/3.0")).toEqual(["https://na.myconnectwise.net", "https://api-na.myconnectwise.net"]);
  });
});

describe("cw_discover_report's URL check (prompt-injection defence)", () => {
  const origins = ["https://na.myconnectwise.net", "https://api-na.myconnectwise.net"];
  const refused = (url: string, allowOff = false) => {
    try {
      checkPageUrl(url, origins, allowOff);
    } catch (err) {
      expect(err).toBeInstanceOf(ReportError);
      return (err as ReportError).describe();
    }
    throw new Error(`${url} was accepted`);
  };

  it("accepts pages of the ConnectWise site, and paths taken on the web origin", () => {
    expect(checkPageUrl("https://na.myconnectwise.net/v2026_1/reports/x?a=1", origins, false).href).toBe("https://na.myconnectwise.net/v2026_1/reports/x?a=1");
    expect(checkPageUrl("/v2026_1/reports/x", origins, false).origin).toBe("https://na.myconnectwise.net");
  });

  it.each([
    "https://evil.example/steal?data=secret",
    "https://na.myconnectwise.net.evil.example/v2026_1/reports/x",
    "http://na.myconnectwise.net/v2026_1/reports/x",
    "https://na.myconnectwise.net:8443/v2026_1/reports/x",
  ])("refuses %s, naming the setting that would allow it", (url) => {
    const text = refused(url);
    expect(text).toMatch(/not the ConnectWise site/);
    expect(text).toContain("CW_DISCOVER_ALLOW_OFFORIGIN=true");
  });

  it("lets any http(s) origin through when CW_DISCOVER_ALLOW_OFFORIGIN=true", () => {
    expect(checkPageUrl("https://other.example/report", origins, true).origin).toBe("https://other.example");
  });

  it.each(["file:///etc/passwd", "javascript:alert(1)", "data:text/html,<table></table>", "chrome://settings"])("refuses %s even when off-origin pages are allowed", (url) => {
    expect(refused(url, true)).toMatch(/Only http and https/);
  });

  it("refuses URLs carrying credentials and things that are not URLs", () => {
    expect(refused("https://user:pw@na.myconnectwise.net/v2026_1/reports/x", true)).toMatch(/user name or password/);
    expect(refused("not a url")).toMatch(/is not a URL/);
    expect(refused("//evil.example/x")).toMatch(/is not a URL/);
  });
});
