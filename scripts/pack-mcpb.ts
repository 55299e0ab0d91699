/**
 * `npm run pack:mcpb`: build, then pack an MCP Bundle (.mcpb) for Claude Desktop and other MCPB hosts.
 *
 *   1. Stage what the server needs at run time into a temporary folder: dist/ (without source maps),
 *      generated/catalogue.db and operations.json, data/ without the OpenAPI spec (only the generator reads
 *      it), a package.json trimmed to what runs, and the production packages from package-lock.json
 *      (better-sqlite3 reduced to its compiled addon and JavaScript).
 *   2. Write manifest.json: the repository's, with package.json's version, the platform this was built on
 *      (better-sqlite3 and resvg are native, so a bundle runs on the platform and architecture it was packed
 *      on), and the tools as the built server lists them.
 *   3. Refuse to pack anything that looks like a secret or a test (.env, *.pem, test/, a stray database).
 *   4. `mcpb pack` into release/connectwise-psa-mcp-<version>-<platform>-<arch>.mcpb, then check the bundle
 *      on its own: unpacked into an empty folder, started the way the manifest says (no credentials, so
 *      against the sandbox), it must answer tools/list with the same tools and count the sandbox's boards.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const root = join(dirname(new URL(import.meta.url).pathname), "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { name: string; version: string; type: string; description: string; license: string; bin: Record<string, string>; engines: Record<string, string>; dependencies: Record<string, string> };
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { dev?: boolean; optional?: boolean }> };
const mcpb = join(root, "node_modules", "@anthropic-ai", "mcpb", "dist", "cli", "cli.js");
const t0 = performance.now();
const say = (line: string) => process.stderr.write(`pack:mcpb: ${line}\n`);

if (!existsSync(join(root, "dist", "cli.js"))) throw new Error("dist/cli.js is missing: run `npm run build` first (npm run pack:mcpb does).");

const stage = mkdtempSync(join(tmpdir(), "cw-mcpb-"));
try {
  // 1. What runs.
  cpSync(join(root, "dist"), join(stage, "dist"), { recursive: true, filter: (src) => !src.endsWith(".map") });
  mkdirSync(join(stage, "generated"));
  for (const file of ["catalogue.db", "operations.json"]) cpSync(join(root, "generated", file), join(stage, "generated", file));
  cpSync(join(root, "data"), join(stage, "data"), { recursive: true, filter: (src) => !/manage(\.overlay)?\.json$/.test(src) });
  const runtimePkg = { name: pkg.name, version: pkg.version, description: pkg.description, license: pkg.license, type: pkg.type, bin: pkg.bin, engines: pkg.engines, dependencies: pkg.dependencies };
  writeFileSync(join(stage, "package.json"), `${JSON.stringify(runtimePkg, null, 2)}\n`);

  // Production packages as the lockfile has them; each nested node_modules is its own entry, copied on its own.
  let packages = 0;
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith("node_modules/") || entry.dev) continue;
    const from = join(root, path);
    if (!existsSync(from)) continue; // an optional package for another platform
    const nested = join(from, "node_modules");
    cpSync(from, join(stage, path), { recursive: true, filter: (src) => src !== nested && !src.startsWith(`${nested}/`) });
    packages++;
  }
  const sqlite = join(stage, "node_modules", "better-sqlite3");
  for (const dir of ["deps", "src", "build"]) rmSync(join(sqlite, dir), { recursive: true, force: true });
  mkdirSync(join(sqlite, "build", "Release"), { recursive: true });
  cpSync(join(root, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node"), join(sqlite, "build", "Release", "better_sqlite3.node"));
  say(`staged ${packages} production packages`);

  // 2. The manifest, filled in for this build.
  const tools = await listTools(stage, { CW_DATA_DIR: join(stage, ".probe-data") });
  rmSync(join(stage, ".probe-data"), { recursive: true, force: true });
  const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")) as Record<string, any>;
  manifest.version = pkg.version;
  manifest.compatibility = { ...manifest.compatibility, platforms: [process.platform] };
  manifest.tools = tools.map((t) => ({ name: t.name, description: firstSentence(t.description ?? t.name) }));
  writeFileSync(join(stage, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);

  // 3. Nothing secret, nothing of ours that is a test.
  const suspicious = walk(stage).filter((f) => {
    const rel = relative(stage, f);
    if (rel.startsWith("node_modules/")) return /(^|\/)\.env$|\.pem$|\.key$/.test(rel);
    return /(^|\/)\.env|\.pem$|\.key$|(^|\/)test\/|\.test\.|(\.db|\.db-\w+)$/.test(rel) && rel !== "generated/catalogue.db";
  });
  if (suspicious.length > 0) throw new Error(`refusing to pack: ${suspicious.map((f) => relative(stage, f)).join(", ")}`);

  // 4. Pack, then prove the bundle runs on its own.
  const outDir = join(root, "release");
  mkdirSync(outDir, { recursive: true });
  const out = join(outDir, `${pkg.name}-${pkg.version}-${process.platform}-${process.arch}.mcpb`);
  rmSync(out, { force: true });
  execFileSync(process.execPath, [mcpb, "validate", join(stage, "manifest.json")], { stdio: ["ignore", "ignore", "inherit"] });
  execFileSync(process.execPath, [mcpb, "pack", stage, out], { stdio: ["ignore", "ignore", "inherit"] });

  const unpacked = mkdtempSync(join(tmpdir(), "cw-mcpb-check-"));
  try {
    execFileSync(process.execPath, [mcpb, "unpack", out, unpacked], { stdio: ["ignore", "ignore", "inherit"] });
    const again = await listTools(unpacked, { CW_DATA_DIR: join(unpacked, ".probe-data") });
    if (again.map((t) => t.name).join() !== tools.map((t) => t.name).join()) throw new Error("the unpacked bundle serves different tools than the staged one");
  } finally {
    rmSync(unpacked, { recursive: true, force: true });
  }
  say(`${relative(root, out)}: ${(statSync(out).size / 1024 / 1024).toFixed(1)} MB, ${tools.length} tools, ${process.platform}-${process.arch}, checked by unpacking and listing its tools (${Math.round(performance.now() - t0)} ms)`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

/** Start the server in `dir` as the manifest does (node ${__dirname}/dist/cli.js), away from this checkout, and list its tools. */
async function listTools(dir: string, env: Record<string, string>): Promise<{ name: string; description?: string | undefined }[]> {
  const home = mkdtempSync(join(tmpdir(), "cw-mcpb-home-"));
  const transport = new StdioClientTransport({ command: process.execPath, args: [join(dir, "dist", "cli.js")], cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: home, ...env }, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const client = new Client({ name: "pack-mcpb", version: pkg.version });
  try {
    await client.connect(transport);
    const { tools } = await client.listTools();
    // One call through the whole stack (zod chunks, the native SQLite addon, the HTTP client) against the sandbox.
    const counted = await client.callTool({ name: "cw_count", arguments: { path: "/service/boards" } });
    if (counted.isError || typeof (counted.structuredContent as { count?: unknown } | undefined)?.count !== "number") throw new Error(`cw_count failed: ${JSON.stringify(counted.content)}`);
    return tools;
  } catch (err) {
    throw new Error(`the bundled server did not answer tools/list: ${err instanceof Error ? err.message : String(err)}\n${stderr}`);
  } finally {
    await client.close();
    rmSync(home, { recursive: true, force: true });
  }
}

function firstSentence(text: string): string {
  const m = /^(.+?[.:])(\s|$)/.exec(text);
  return (m ? m[1]! : text).slice(0, 300);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}
