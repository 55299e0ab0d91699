/**
 * Entry point.
 *   connectwise-psa-mcp [--sandbox]      MCP over stdio (against an in-process sandbox when asked, or when
 *                                        no ConnectWise credentials are configured)
 *   connectwise-psa-mcp --http PORT      MCP over Streamable HTTP (src/transports/http.ts) for shared deployments
 *   connectwise-psa-mcp sandbox [...]    run the ConnectWise simulator on its own and print how to use it
 *
 * In MCP mode stdout carries JSON-RPC only; everything meant for a human goes to stderr.
 */
import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createServer, SERVER_NAME } from "./server.js";
import { hasNoCredentials, loadConfig } from "./config.js";
import { packageRoot, packageVersion } from "./paths.js";
import { connectionFromConfig, type Connection } from "./runtime.js";
import { allOperations } from "./operations/registry.js";
import { startSandboxWorker } from "./sandbox/launch.js";
import { warmSearchSteps } from "./catalogue/search.js";
import { warmUpWhenIdle } from "./mcp/warm-up.js";
import type { Sandbox, SandboxOptions } from "./sandbox/server.js";

/** How long the server must go without a request before it warms the search up (past a client's first requests). */
const SEARCH_WARM_UP_IDLE_MS = 1500;

const USAGE = `Usage:
  ${SERVER_NAME} [--sandbox]        serve the ConnectWise PSA tools over MCP on stdin/stdout
  ${SERVER_NAME} --http PORT [--host H]  serve them over Streamable HTTP at http://H:PORT/mcp
  ${SERVER_NAME} sandbox [options]  run the local ConnectWise simulator

MCP options:
  --sandbox          use an in-process sandbox instead of ConnectWise (the default when
                     CW_COMPANY_ID, CW_PUBLIC_KEY and CW_PRIVATE_KEY are not set)
  --http PORT        Streamable HTTP on PORT (0 = any free port) instead of stdio; clients send
                     Authorization: Bearer $MCP_HTTP_TOKEN (required unless bound to loopback);
                     MCP_HTTP_ALLOWED_ORIGINS adds browser origins to the localhost ones
  --host H           address to bind with --http (default 127.0.0.1)
  -h, --help         show this help
  -v, --version      print the version

Sandbox options:
  --port P           port on 127.0.0.1 (default 8787; 0 = any free port)
  --seed N           dataset seed (default 1)
  --scale S          small | medium | large (default small)
  --latency MS       added latency per request      --jitter MS      random extra latency
  --error-rate R     share of requests failing (0-1) --error-statuses 500,503   which statuses (default 500,502,503)
  --rate-limit N     answer 429 with Retry-After above N requests per second
  --reset-rate R, --truncate-rate R, --malformed-rate R   share of connections reset / bodies cut / bodies corrupted
  (faults can also be changed while it runs: PUT /__sandbox/faults)
  --company C --public-key K --private-key K --client-id ID   credentials to accept
`;

/** Resolves to an exit code, or undefined while a server keeps running. */
async function main(argv: string[]): Promise<number | undefined> {
  if (argv[0] === "sandbox") return runSandbox(argv.slice(1));
  const { values } = parseArgs({
    args: argv,
    options: {
      sandbox: { type: "boolean" },
      http: { type: "string" },
      host: { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(USAGE);
    return 0;
  }
  if (values.version) {
    process.stderr.write(`${packageVersion()}\n`);
    return 0;
  }

  const started = performance.now();
  const config = loadConfig({ packageRoot: packageRoot() });
  // --http: settings that cannot work are refused before anything starts (a sandbox thread would keep the process up).
  if (values.host !== undefined && values.http === undefined) throw new UsageError("--host is for --http: give the port too, e.g. --http 8080 --host 127.0.0.1");
  const httpPort = values.http === undefined ? undefined : Number(values.http);
  if (httpPort !== undefined && !(Number.isInteger(httpPort) && httpPort >= 0 && httpPort <= 65535)) throw new UsageError(`--http must be a port from 0 to 65535, not "${values.http}"`);
  const httpHost = values.host ?? "127.0.0.1";
  const web = httpPort !== undefined ? await import("./transports/http.js") : undefined;
  web?.checkHttpSettings(httpHost, config.httpToken);
  const useSandbox = values.sandbox === true || hasNoCredentials(config);
  // The sandbox seeds in a worker thread, so the first tools/list does not wait for it; calls that need it do.
  const sandbox = useSandbox ? startSandboxWorker(new URL("./sandbox-worker.js", import.meta.url)) : undefined;
  sandbox?.catch(() => undefined);
  const connect = sandbox
    ? async (): Promise<Connection> => {
        const sb = await sandbox;
        const c = sb.credentials;
        return {
          apiUrl: sb.apiUrl,
          user: `${c.company}+${c.publicKey}`,
          privateKey: c.privateKey,
          clientId: c.clientId,
          label: `sandbox at ${sb.apiUrl}`,
          company: c.company,
          ...(sb.web ? { web: sb.web } : {}),
        };
      }
    : async () => connectionFromConfig(config);
  const handle = createServer({ config, connect });
  const stats = handle.catalogue.stats();
  // stdio: this server. --http: one server per session over this one's runtime (catalogue, client, caches).
  let http: Awaited<ReturnType<NonNullable<typeof web>["serveHttp"]>> | undefined;
  // The endpoint search's index and phrase hits, built while nobody is waiting (a few hundred ms of CPU).
  const warmUp = warmUpWhenIdle(warmSearchSteps(handle.catalogue), SEARCH_WARM_UP_IDLE_MS, (err) =>
    process.stderr.write(`search warm-up stopped: ${err instanceof Error ? err.message : String(err)}\n`),
  );
  if (!web || httpPort === undefined) {
    const stdio = new StdioServerTransport();
    await handle.server.connect(stdio);
    // Every message from the client puts the warm-up off until the server is idle again (over HTTP: every request).
    const deliver = stdio.onmessage;
    stdio.onmessage = (message) => {
      warmUp.activity();
      deliver?.(message);
    };
  } else {
    try {
      http = await web.serveHttp({ port: httpPort, host: httpHost, token: config.httpToken, allowedOrigins: config.httpAllowedOrigins, runtime: handle.runtime, onRequest: () => warmUp.activity() });
    } catch (err) {
      await Promise.all([handle.close(), sandbox?.then((sb) => sb.close(), () => undefined)]);
      throw err;
    }
  }
  let target: string;
  try {
    target = (await connect()).label + (sandbox && !values.sandbox ? " (no ConnectWise credentials set)" : "");
  } catch (err) {
    target = `ConnectWise is not reachable yet: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (config.readOnly) target += "; read-only";
  if (http && !config.httpToken) target += "; no MCP_HTTP_TOKEN: anyone on this machine can connect";
  process.stderr.write(
    `${SERVER_NAME} ${packageVersion()} on ${http ? http.url : "stdio"}: ${handle.tools.length} tools, ${allOperations().length} named operations, ${stats.endpoints} endpoints in ` +
      `${stats.categories} categories (ConnectWise API ${stats.specVersion}); target: ${target}; ready in ${Math.round(performance.now() - started)} ms\n`,
  );

  const shutdown = () => {
    warmUp.stop();
    void Promise.resolve(http?.close())
      .then(() => Promise.all([handle.close(), sandbox?.then((sb) => sb.close(), () => undefined)]))
      .finally(() => process.exit(0));
  };
  // Over HTTP stdin is not the client (a service may run with stdin closed); only signals stop it.
  if (!http) process.stdin.on("close", shutdown);
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  return undefined;
}

async function runSandbox(argv: string[]): Promise<number | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      seed: { type: "string" },
      scale: { type: "string" },
      latency: { type: "string" },
      jitter: { type: "string" },
      "error-rate": { type: "string" },
      "error-statuses": { type: "string" },
      "rate-limit": { type: "string" },
      "reset-rate": { type: "string" },
      "truncate-rate": { type: "string" },
      "malformed-rate": { type: "string" },
      company: { type: "string" },
      "public-key": { type: "string" },
      "private-key": { type: "string" },
      "client-id": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(USAGE);
    return 0;
  }
  const int = (name: string, v: string | undefined, min: number) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, not "${v}"`);
    return n;
  };
  const scale = values.scale ?? "small";
  if (!["small", "medium", "large"].includes(scale)) throw new UsageError(`--scale must be small, medium or large, not "${scale}"`);
  const share = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!(n >= 0 && n <= 1)) throw new UsageError(`--${name} must be a share between 0 and 1, not "${v}"`);
    return n;
  };

  const faults: SandboxOptions["faults"] = {};
  const latency = int("latency", values.latency, 0);
  const jitter = int("jitter", values.jitter, 0);
  const rateLimit = int("rate-limit", values["rate-limit"], 1);
  if (latency !== undefined) faults.latencyMs = latency;
  if (jitter !== undefined) faults.jitterMs = jitter;
  const rates = { errorRate: "error-rate", resetRate: "reset-rate", truncateRate: "truncate-rate", malformedRate: "malformed-rate" } as const;
  for (const [key, flag] of Object.entries(rates) as [keyof typeof rates, (typeof rates)[keyof typeof rates]][]) {
    const rate = share(flag, values[flag]);
    if (rate !== undefined) faults[key] = rate;
  }
  if (values["error-statuses"] !== undefined) {
    const statuses = values["error-statuses"].split(",").map((v) => Number(v.trim()));
    if (statuses.some((n) => !Number.isInteger(n) || n < 400 || n > 599)) throw new UsageError(`--error-statuses must be HTTP error statuses such as 500,503, not "${values["error-statuses"]}"`);
    faults.errorStatuses = statuses;
  }
  if (rateLimit !== undefined) faults.rateLimitPerSecond = rateLimit;
  const credentials: NonNullable<SandboxOptions["credentials"]> = {};
  if (values.company) credentials.company = values.company;
  if (values["public-key"]) credentials.publicKey = values["public-key"];
  if (values["private-key"]) credentials.privateKey = values["private-key"];
  if (values["client-id"]) credentials.clientId = values["client-id"];

  const started = performance.now();
  // Loaded here only: the simulator is 400 KB the MCP server never needs on its own thread.
  const { startSandbox } = await import("./sandbox/server.js");
  const sandbox: Sandbox = await startSandbox({
    port: int("port", values.port, 0) ?? 8787,
    seed: int("seed", values.seed, 0) ?? 1,
    scale: scale as "small" | "medium" | "large",
    faults,
    credentials,
  });
  const c = sandbox.credentials;
  const lines = [
    `ConnectWise PSA sandbox ready in ${Math.round(performance.now() - started)} ms: ${sandbox.apiUrl}`,
    `  data: seed ${values.seed ?? 1}, scale ${scale} (${sandbox.seed.counts[ "/service/tickets"] ?? 0} tickets, ${sandbox.seed.counts["/time/entries"] ?? 0} time entries)`,
    `  control: ${sandbox.url}/__sandbox (requests, reset, faults)`,
    "",
    "Point the MCP server at it with:",
    `  CW_API_URL=${sandbox.apiUrl}`,
    `  CW_COMPANY_ID=${c.company}`,
    `  CW_PUBLIC_KEY=${c.publicKey}`,
    `  CW_PRIVATE_KEY=${c.privateKey}`,
    `  CW_CLIENT_ID=${c.clientId}`,
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`); // stdout-ok: the sandbox command is not an MCP server
  const stop = () => void sandbox.close().finally(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return undefined;
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err: unknown) => {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`${SERVER_NAME}: ${err instanceof Error ? err.message : String(err)}\n${usage ? `\n${USAGE}` : ""}`);
    process.exitCode = usage ? 2 : 1;
  },
);
