/** Catalogue search latency over every evaluation question, and its quality on both tables. */
import { Catalogue } from "../../src/catalogue/catalogue.js";
import { search, warmSearch } from "../../src/catalogue/search.js";
import { cataloguePath } from "../../src/paths.js";
import { SEARCH_QUESTIONS } from "../../test/search-questions.js";
import { HELDOUT_QUESTIONS } from "../../test/search-questions-heldout.js";
import { percentile, round } from "./stats.js";

export function benchSearch(rounds = 5) {
  const catalogue = new Catalogue(cataloguePath());
  const questions = [...SEARCH_QUESTIONS, ...HELDOUT_QUESTIONS];
  // As the server does once idle after start-up: the index built, the scorer compiled (none of the questions below used).
  warmSearch(catalogue);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [q] of questions) {
      const t0 = performance.now();
      search(catalogue, q, { limit: 10 });
      times.push(performance.now() - t0);
    }
  }
  const quality = (table: [string, string][]) => {
    let top1 = 0;
    let top5 = 0;
    for (const [q, want] of table) {
      const rank = search(catalogue, q, { limit: 5 }).findIndex((x) => `${x.method} ${x.path}` === want) + 1;
      if (rank === 1) top1++;
      if (rank >= 1) top5++;
    }
    return `${top5}/${table.length} top-5, ${top1}/${table.length} top-1`;
  };
  const result = {
    queries: times.length,
    p50Ms: round(percentile(times, 50), 2),
    p99Ms: round(percentile(times, 99), 2),
    quality: quality(SEARCH_QUESTIONS),
    heldOutQuality: quality(HELDOUT_QUESTIONS),
  };
  catalogue.close();
  return result;
}
