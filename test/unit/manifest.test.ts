/**
 * manifest.json (the MCP Bundle's): valid for @anthropic-ai/mcpb, in step with package.json, and every
 * setting it asks for lands in a variable the server reads, with the keys marked sensitive.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { packageRoot } from "../../src/paths.js";

const root = packageRoot();
const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8"));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

describe("manifest.json", () => {
  it("passes mcpb validate", () => {
    const run = spawnSync(process.execPath, [join(root, "node_modules", "@anthropic-ai", "mcpb", "dist", "cli", "cli.js"), "validate", join(root, "manifest.json")], { encoding: "utf8" });
    expect(run.status, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/validation passes/);
  });

  it("matches package.json: name, version, the bin entry as the entry point", () => {
    expect(manifest.name).toBe(pkg.name);
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.server).toMatchObject({ type: "node", entry_point: pkg.bin["connectwise-psa-mcp"], mcp_config: { command: "node", args: ["${__dirname}/dist/cli.js"] } });
    expect(manifest.compatibility.runtimes.node).toBe(`>=${pkg.engines.node.replace(/^>=/, "")}.0.0`);
  });

  it("maps every user_config entry to a CW_ variable, marks the keys sensitive, and asks for all the credentials", () => {
    const env: Record<string, string> = manifest.server.mcp_config.env;
    const used = Object.values(env).map((v) => /^\$\{user_config\.(\w+)\}$/.exec(v)?.[1]);
    expect(used.sort()).toEqual(Object.keys(manifest.user_config).sort());
    expect(Object.keys(env)).toEqual(expect.arrayContaining(["CW_API_URL", "CW_COMPANY_ID", "CW_PUBLIC_KEY", "CW_PRIVATE_KEY", "CW_CLIENT_ID"]));
    for (const key of ["public_key", "private_key", "client_id"]) expect(manifest.user_config[key], key).toMatchObject({ sensitive: true, required: true });
    for (const [key, entry] of Object.entries<{ sensitive?: boolean }>(manifest.user_config)) if (!["public_key", "private_key", "client_id"].includes(key)) expect(entry.sensitive, key).toBeUndefined();
  });

  it("with the defaults filled in as a host would, the server reads every value without a problem", () => {
    const values: Record<string, string> = { company_id: "acme", public_key: "pub-key-1234", private_key: "priv-key-5678", client_id: "client-id-0000" };
    for (const [key, entry] of Object.entries<{ default?: unknown }>(manifest.user_config)) if (entry.default !== undefined && !(key in values)) values[key] = String(entry.default);
    const env = Object.fromEntries(Object.entries<string>(manifest.server.mcp_config.env).map(([name, v]) => [name, v.replace(/^\$\{user_config\.(\w+)\}$/, (_, k: string) => values[k]!)]));
    const config = loadConfig({ env, home: join(root, "test", "fixtures", "no-home") });
    expect(config.problems).toEqual([]);
    expect(config.missing).toEqual([]);
    expect(config).toMatchObject({ apiUrl: "https://api-na.myconnectwise.net/v4_6_release/apis/3.0", timezone: "UTC", readOnly: false });
  });
});
