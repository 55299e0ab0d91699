/**
 * Worker-thread entry for the sandbox (bundled as dist/sandbox-worker.js; started by launch.ts).
 * Seeds and serves off the MCP server's thread; reports where it listens once ready.
 */
import { parentPort, workerData } from "node:worker_threads";
import { startSandbox, type SandboxOptions } from "./server.js";
import { webUserOf } from "./web/index.js";

if (!parentPort) throw new Error("sandbox-worker runs only as a worker thread");
const sandbox = await startSandbox(workerData as SandboxOptions);
parentPort.postMessage({ apiUrl: sandbox.apiUrl, url: sandbox.url, credentials: sandbox.credentials, web: webUserOf(sandbox.credentials) });
