import { describe, expect, it } from "vitest";
import { findChromium, launchArgs } from "../../../src/reports/chromium.js";
import { ReportError } from "../../../src/reports/errors.js";

const only = (...files: string[]) => (f: string) => files.includes(f);

describe("finding Chromium", () => {
  it("uses CW_CHROMIUM_PATH when it is executable", () => {
    expect(findChromium({ configured: "/opt/chrome/chrome", isExecutable: only("/opt/chrome/chrome", "/usr/bin/chromium") })).toBe("/opt/chrome/chrome");
  });

  it("says how to install it when CW_CHROMIUM_PATH is wrong", () => {
    const err = (() => {
      try {
        findChromium({ configured: "/nope", isExecutable: only("/usr/bin/chromium") });
      } catch (e) {
        return e as ReportError;
      }
    })();
    expect(err?.kind).toBe("no-chromium");
    expect(err?.describe()).toContain("CW_CHROMIUM_PATH is set to /nope");
    expect(err?.describe()).toContain("apt-get install -y chromium");
  });

  it("finds Debian's chromium, then browsers on PATH, then extra places", () => {
    expect(findChromium({ path: "", isExecutable: only("/usr/bin/chromium") })).toBe("/usr/bin/chromium");
    expect(findChromium({ path: "/a:/b", isExecutable: only("/b/google-chrome") })).toBe("/b/google-chrome");
    expect(findChromium({ path: "", extra: ["/cache/ms-playwright/chrome"], isExecutable: only("/cache/ms-playwright/chrome") })).toBe("/cache/ms-playwright/chrome");
  });

  it("explains how to install one when none is found", () => {
    let described = "";
    try {
      findChromium({ path: "/a", isExecutable: () => false });
    } catch (err) {
      described = (err as ReportError).describe();
    }
    expect(described).toMatch(/none was found[\s\S]*apt-get install -y chromium[\s\S]*CW_CHROMIUM_PATH/);
  });

  it("turns Chromium's sandbox off only for root, and keeps it quiet on a closed network", () => {
    expect(launchArgs(true)).toContain("--no-sandbox");
    expect(launchArgs(false)).not.toContain("--no-sandbox");
    expect(launchArgs(false)).toEqual(expect.arrayContaining(["--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"]));
  });
});
