/**
 * Preloaded into a server under a benchmark (NODE_OPTIONS=--require …): on SIGUSR2, a full garbage collection,
 * then process.memoryUsage() written to the file named by CW_BENCH_MEMORY_FILE. Lets a benchmark read the heap
 * that is really held, apart from what V8 has not collected yet. Writes nothing to stdout (the MCP channel).
 */
"use strict";
const { writeFileSync } = require("node:fs");
const { setFlagsFromString } = require("node:v8");
const { runInNewContext } = require("node:vm");

const file = process.env.CW_BENCH_MEMORY_FILE;
if (file) {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc");
  process.on("SIGUSR2", () => {
    gc();
    writeFileSync(file, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
  });
}
