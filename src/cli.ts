/**
 * Entry point: `connectwise-psa-mcp` serves MCP over stdio.
 *
 * stdout carries JSON-RPC only; everything meant for a human goes to stderr.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createServer, SERVER_NAME } from "./server.js";
import { packageVersion } from "./paths.js";

const USAGE = `Usage: ${SERVER_NAME} [options]

Serves the ConnectWise PSA tools over MCP on stdin/stdout.

Options:
  -h, --help     show this help
  -v, --version  print the version
`;

/** Resolves to an exit code, or undefined while the server keeps running. */
async function main(argv: string[]): Promise<number | undefined> {
  for (const arg of argv) {
    if (arg === "-h" || arg === "--help") {
      process.stderr.write(USAGE);
      return 0;
    }
    if (arg === "-v" || arg === "--version") {
      process.stderr.write(`${packageVersion()}\n`);
      return 0;
    }
    process.stderr.write(`${SERVER_NAME}: unknown option "${arg}"\n\n${USAGE}`);
    return 2;
  }

  const started = performance.now();
  const handle = createServer();
  const stats = handle.catalogue.stats();
  const transport = new StdioServerTransport();
  await handle.server.connect(transport);
  process.stderr.write(
    `${SERVER_NAME} ${packageVersion()} on stdio: ${handle.tools.length} tools, ${stats.endpoints} endpoints in ` +
      `${stats.categories} categories (ConnectWise API ${stats.specVersion}), ready in ${Math.round(performance.now() - started)} ms\n`,
  );

  const shutdown = () => {
    void handle.close().finally(() => process.exit(0));
  };
  process.stdin.on("close", shutdown);
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  return undefined;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== undefined) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${SERVER_NAME}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
