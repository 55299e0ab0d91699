/**
 * Run the sandbox in a worker thread, for `connectwise-psa-mcp --sandbox`: seeding and serving happen off
 * the MCP server's thread, so the server answers its first requests without waiting for the dataset.
 */
import { Worker } from "node:worker_threads";
import type { Credentials } from "./auth.js";
import type { SandboxOptions } from "./server.js";

export interface SandboxWorker {
  apiUrl: string;
  url: string;
  credentials: Credentials;
  /** The web UI's user, for browser reports against the sandbox. */
  web?: { username: string; password: string };
  close(): Promise<void>;
}

/** `script`: the bundled worker entry (dist/sandbox-worker.js, next to dist/cli.js). */
export function startSandboxWorker(script: URL, options: SandboxOptions = {}): Promise<SandboxWorker> {
  const worker = new Worker(script, { workerData: options });
  return new Promise((resolve, reject) => {
    const failed = (code: number) => reject(new Error(`the sandbox worker stopped (exit code ${code}) before it was ready`));
    worker.once("error", reject);
    worker.once("exit", failed);
    worker.once("message", (ready: Omit<SandboxWorker, "close">) => {
      worker.off("exit", failed);
      worker.unref();
      resolve({ ...ready, close: async () => void (await worker.terminate()) });
    });
  });
}
