import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { generate } from "../../codegen/index.js";
import { removeDir, scratchDir } from "../helpers/tmp.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeDir));

function files(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(root, full) : [relative(root, full)];
  });
}

describe("generator on data/manage.json", () => {
  it("is deterministic: two runs write byte-identical files, catalogue included", async () => {
    const [a, b] = [scratchDir("full-a"), scratchDir("full-b")];
    dirs.push(a, b);
    const first = await generate({ outDir: a, force: true });
    await generate({ outDir: b, force: true });

    const names = files(a).sort();
    expect(files(b).sort()).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(["schema.d.ts", "endpoints.ts", "catalogue.db", "zod/index.js", "zod/service.js"]));
    for (const name of names) expect(readFileSync(join(b, name)).equals(readFileSync(join(a, name))), name).toBe(true);

    // The spec's counts, as data/README.md states them.
    expect(first.counts).toMatchObject({ endpoints: 3053, parameters: 19665, requestBodies: 993, responses: 3053, schemas: 830 });
    const db = new Database(join(a, "catalogue.db"), { readonly: true });
    const rows = (sql: string) => db.prepare(sql).all();
    expect(rows("SELECT method, count(*) AS n FROM endpoints GROUP BY method ORDER BY method")).toEqual([
      { method: "DELETE", n: 307 },
      { method: "GET", n: 1712 },
      { method: "PATCH", n: 325 },
      { method: "POST", n: 386 },
      { method: "PUT", n: 323 },
    ]);
    expect(rows("SELECT location, count(*) AS n FROM parameters GROUP BY location ORDER BY location")).toEqual([
      { location: "header", n: 3053 },
      { location: "path", n: 2870 },
      { location: "query", n: 13742 },
    ]);
    expect(rows("SELECT count(*) AS n FROM parameters WHERE original_location = 'path'")).toEqual([{ n: 25 }]);
    expect(rows("SELECT count(DISTINCT path) AS n FROM endpoints")).toEqual([{ n: 1815 }]);
    expect(rows("SELECT count(*) AS n FROM endpoint_search")).toEqual([{ n: 3053 }]);
    db.close();

    const endpoints = readFileSync(join(a, "endpoints.ts"), "utf8");
    expect(endpoints.match(/^ {2}\w+: \{ method: /gm)).toHaveLength(3053);
    expect(readdirSync(join(a, "zod")).filter((f) => f.endsWith(".js") && f !== "index.js").sort()).toEqual([
      "company.js", "configurations.js", "expense.js", "finance.js", "marketing.js", "procurement.js",
      "project.js", "sales.js", "schedule.js", "service.js", "system.js", "time.js",
    ]);
  });
});
