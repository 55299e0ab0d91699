// Dev aid: print where each search-quality question's expected endpoint ranks.
import { Catalogue } from "../src/catalogue/catalogue.js";
import { search } from "../src/catalogue/search.js";
import { cataloguePath } from "../src/paths.js";
import { SEARCH_QUESTIONS } from "../test/search-questions.js";
import { HELDOUT_QUESTIONS } from "../test/search-questions-heldout.js";

const catalogue = new Catalogue(cataloguePath());
let top1 = 0, top5 = 0;
const table = process.argv.includes("--heldout") ? HELDOUT_QUESTIONS : SEARCH_QUESTIONS;
for (const [q, want] of table) {
  const results = search(catalogue, q, { limit: 20 });
  const rank = results.findIndex((r) => `${r.method} ${r.path}` === want) + 1;
  if (rank === 1) top1++;
  if (rank >= 1 && rank <= 5) top5++;
  const flag = rank === 1 ? "  " : rank >= 1 && rank <= 5 ? "~ " : "XX";
  process.stderr.write(`${flag} ${rank || "-"}\t${q} → ${want}${rank === 1 ? "" : `   [got: ${results.slice(0, 3).map((r) => `${r.method} ${r.path} ${r.score}`).join(" | ")}]`}\n`);
}
process.stderr.write(`top1 ${top1}/${table.length}, top5 ${top5}/${table.length}\n`);
