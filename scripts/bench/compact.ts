/**
 * What compact answers save on a typical ticket list: 25 tickets from the medium sandbox as the API sends
 * them (references with their _info hrefs, as ConnectWise answers), against the records the tools return (no _info blocks) and against the one-line-per-ticket text.
 */
import { Store } from "../../src/sandbox/store.js";
import { seedStore } from "../../src/sandbox/seed/index.js";
import { SandboxModel } from "../../src/sandbox/model.js";
import { Catalogue } from "../../src/catalogue/catalogue.js";
import { cataloguePath } from "../../src/paths.js";
import { summariseList, withoutInfo } from "../../src/format/compact.js";
import { round } from "./stats.js";

export function benchCompact() {
  const now = new Date("2026-03-16T00:00:00Z");
  const store = new Store(() => now);
  seedStore(store, { seed: 1, scale: "medium", now });
  const model = new SandboxModel(new Catalogue(cataloguePath()));
  const tickets = store.table("/service/tickets").list().slice(-25).map((t) => model.hydrate(store, "/service/tickets", t, "https://api-na.myconnectwise.net/v4_6_release/apis/3.0"));
  const raw = Buffer.byteLength(JSON.stringify(tickets));
  const compact = Buffer.byteLength(JSON.stringify(withoutInfo(tickets)));
  const text = Buffer.byteLength(summariseList(withoutInfo(tickets) as unknown[], "ticket"));
  return { rawBytes: raw, compactBytes: compact, textBytes: text, savedShare: round(1 - compact / raw, 3), textShare: round(text / raw, 3) };
}
