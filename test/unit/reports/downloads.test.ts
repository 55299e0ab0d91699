import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DOWNLOADS_DIR, downloadsDir, sweepDownloads } from "../../../src/reports/downloads.js";

const dir = mkdtempSync(join(tmpdir(), "cw-report-dl-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the download folder", () => {
  it("has nothing to sweep before the first download", async () => {
    expect(await sweepDownloads(join(dir, "nothing"))).toBe(0);
  });

  it("is swept of what dead servers left, keeping a live server's folder", async () => {
    const root = join(dir, DOWNLOADS_DIR);
    mkdirSync(join(root, "2147480000"), { recursive: true }); // no such process
    writeFileSync(join(root, "2147480000", "export.csv"), "a,b\r\n");
    writeFileSync(join(root, "stray.csv"), "x");
    mkdirSync(join(root, String(process.ppid)));
    writeFileSync(join(root, String(process.ppid), "in-flight.csv"), "y");
    expect(await sweepDownloads(dir)).toBe(2);
    expect(readdirSync(root)).toEqual([String(process.ppid)]);
  });

  it("gives this process its own folder, and sweeps it as stale (a pid reused after a crash)", async () => {
    const mine = downloadsDir(dir);
    expect(existsSync(mine)).toBe(true);
    await sweepDownloads(dir);
    expect(existsSync(mine)).toBe(false);
  });
});
