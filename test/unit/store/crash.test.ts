/**
 * The store survives the process being killed (SIGKILL: no handler, no close, no checkpoint) in the middle
 * of its writes: the file is intact, every transaction the child reported is there whole, at most the one
 * it was about to report is there too, and the store accepts writes again.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { packageRoot } from "../../../src/paths.js";
import { openFastMemory } from "../../../src/store/fast-memory.js";
import { SavedQueryStore } from "../../../src/store/saved-queries.js";
import { expectedAfter, type Expected } from "../../helpers/store-crash-ops.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Run the child until it has reported `killAfter` commits, SIGKILL it, and return the last step it reported. */
async function runAndKill(dataDir: string, killAfter: number): Promise<number> {
  const child = spawn(process.execPath, ["--import", "tsx", join(packageRoot(), "test", "helpers", "store-crash-child.ts"), dataDir], {
    cwd: packageRoot(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let last = -1;
  let pending = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("close", (_code, signal) => resolve(signal)));
  child.stdout.on("data", (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      const k = Number(line);
      expect(k, `line ${JSON.stringify(line)}`).toBe(last + 1);
      last = k;
    }
    if (last + 1 >= killAfter && child.exitCode === null && !child.killed) child.kill("SIGKILL");
  });
  const signal = await exited;
  expect(signal, `child ended by itself: ${stderr}`).toBe("SIGKILL");
  return last;
}

function actualState(store: SavedQueryStore): Map<string, Expected> {
  return new Map(store.list().map((q) => [q.name, { params: q.params as Record<string, string | number>, body: q.body, useCount: q.useCount }]));
}

describe("a store killed mid-write", () => {
  it.each([180, 420, 777, 1250])("keeps every committed transaction whole after SIGKILL at about %i commits", async (killAfter) => {
    const dataDir = mkdtempSync(join(tmpdir(), "cw-crash-"));
    dirs.push(dataDir);
    const last = await runAndKill(dataDir, killAfter);
    expect(last + 1).toBeGreaterThanOrEqual(killAfter);

    const db = openFastMemory(dataDir);
    try {
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const store = new SavedQueryStore(db);
      const actual = actualState(store);
      // Steps 0..last were reported; step last+1 may have committed just before the kill, unreported.
      const reported = expectedAfter(last + 1);
      const oneMore = expectedAfter(last + 2);
      const matches = (expected: Map<string, Expected>) => {
        try {
          expect(actual).toEqual(expected);
          return true;
        } catch {
          return false;
        }
      };
      if (!matches(oneMore)) expect(actual).toEqual(reported);
      for (const q of store.list()) {
        expect(q.lastUsedAt === undefined, q.name).toBe(q.useCount === 0);
        expect(Date.parse(q.createdAt), q.name).not.toBeNaN();
      }

      // And it takes writes again.
      store.save({ name: "after the crash", method: "GET", path: "/service/tickets" });
      expect(store.recordUse("after the crash")!.useCount).toBe(1);
      expect(actualState(store).size).toBe(actual.size + 1);
    } finally {
      db.close();
    }
  });
});
