/**
 * Child process of the store crash test: applies the write sequence to fast-memory.db in the given data
 * directory forever, printing each step's number after its transaction committed, until it is killed.
 * (stdout to a pipe is synchronous on Linux and macOS: a printed step is a committed one.)
 */
import { openFastMemory } from "../../src/store/fast-memory.js";
import { SavedQueryStore } from "../../src/store/saved-queries.js";
import { applyOp, opAt } from "./store-crash-ops.js";

const dataDir = process.argv[2];
if (!dataDir) throw new Error("usage: store-crash-child.ts <data dir>");
const db = openFastMemory(dataDir);
const store = new SavedQueryStore(db);
for (let k = 0; ; k++) {
  applyOp(db, store, opAt(k));
  process.stdout.write(`${k}\n`);
}
