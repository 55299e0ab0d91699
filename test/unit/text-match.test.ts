import { describe, expect, it } from "vitest";
import { Catalogue } from "../../src/catalogue/catalogue.js";
import { ftsClauses, ftsQuery, parseQuery, search, warmSearch } from "../../src/catalogue/search.js";
import { textMatches } from "../../src/catalogue/text-match.js";
import { cataloguePath } from "../../src/paths.js";
import { HELDOUT_QUESTIONS } from "../search-questions-heldout.js";
import { SEARCH_QUESTIONS } from "../search-questions.js";

// A catalogue of its own: the phrase cache is per catalogue, so this file starts from an empty one.
const catalogue = new Catalogue(cataloguePath());
const questions = [
  ...[...SEARCH_QUESTIONS, ...HELDOUT_QUESTIONS].map(([q]) => q),
  // Multi-word synonyms (AND clauses), prefixes, words the catalogue does not use, many matches.
  "timesheet entries", "PTO balance", "config items", "client company contact ticket time", "type", "list", "zzzunknown words",
];

describe("text matches from kept phrase hits", () => {
  it("equal FTS5's own answer to the whole question: the same endpoints, order and bm25 to the bit", () => {
    let compared = 0;
    for (const q of questions) {
      const groups = parseQuery(q).groups;
      if (groups.length === 0) continue;
      const fts = catalogue.match(ftsQuery(groups), 1000);
      const ours = textMatches(catalogue, ftsClauses(groups), 1000);
      expect(ours.map((h) => h.id), q).toEqual(fts.map((h) => h.id));
      expect(ours.map((h) => h.bm25), q).toEqual(fts.map((h) => h.bm25));
      compared += fts.length;
    }
    // The comparison covered AND clauses and answers cut at the limit.
    expect(questions.some((q) => ftsClauses(parseQuery(q).groups).some((c) => c.length > 1))).toBe(true);
    expect(questions.some((q) => catalogue.match(ftsQuery(parseQuery(q).groups), 5000).length > 1000)).toBe(true);
    expect(compared).toBeGreaterThan(40_000);
  });

  it("answer the same again from the kept hits, and after warming", () => {
    const before = questions.map((q) => search(catalogue, q, { limit: 10 }));
    warmSearch(catalogue);
    expect(questions.map((q) => search(catalogue, q, { limit: 10 }))).toEqual(before);
  });

  it("refuse nothing a question can say: quotes and FTS syntax stay words", () => {
    expect(() => textMatches(catalogue, ftsClauses(parseQuery('tickets" OR * NEAR(x').groups), 10)).not.toThrow();
    expect(textMatches(catalogue, [], 10)).toEqual([]);
  });
});
