/**
 * The first stage of endpoint search: which endpoints a question's terms match, ranked by FTS5's bm25,
 * without running the whole question through FTS5 each time.
 *
 * A question becomes clauses joined by OR, each clause one or more phrases joined by AND (`"ticket"*`,
 * `("time"* AND "entry"*)`). FTS5's bm25 for such a query is a sum over phrases, in query order, of what
 * each phrase alone scores for the row: its idf depends only on the phrase, and the row length only on
 * the row. A phrase counts only where its clause matches (FTS5 reports no hits for a phrase under an AND
 * that failed). So each phrase's hits are read from FTS5 once and kept, and a question is answered by
 * adding them up in the same order as FTS5 does, which gives bit-for-bit the same scores
 * (test/unit/search.test.ts compares the two over every evaluation question). Questions share most of
 * their words (ticket, company, time ...), so after a few questions nearly every phrase is known and the
 * stage costs a few additions per hit instead of an FTS5 query over the catalogue.
 */
import type { Catalogue, SearchHit } from "./catalogue.js";

interface PhraseHits {
  /** Endpoint ids, ascending. */
  ids: Int32Array;
  /** What the phrase alone scores for each (bm25: more negative is better). */
  scores: Float64Array;
}

/** How many hits the kept phrases may hold in all (12 bytes each): about 12 MB. */
const MAX_KEPT_HITS = 1_000_000;

const caches = new WeakMap<Catalogue, { phrases: Map<string, PhraseHits>; hits: number }>();

function hitsOf(catalogue: Catalogue, phrase: string): PhraseHits {
  let cache = caches.get(catalogue);
  if (!cache) caches.set(catalogue, (cache = { phrases: new Map(), hits: 0 }));
  let hits = cache.phrases.get(phrase);
  if (hits) {
    // Most recently used last, so the least recently used is dropped first.
    cache.phrases.delete(phrase);
    cache.phrases.set(phrase, hits);
    return hits;
  }
  hits = catalogue.phrase(phrase);
  cache.phrases.set(phrase, hits);
  cache.hits += hits.ids.length;
  for (const [oldest, old] of cache.phrases) {
    if (cache.hits <= MAX_KEPT_HITS || oldest === phrase) break;
    cache.phrases.delete(oldest);
    cache.hits -= old.ids.length;
  }
  return hits;
}

/** Reads and keeps the hits of these phrases now (a server does it once idle), so questions using them skip FTS5. */
export function preloadPhrases(catalogue: Catalogue, phrases: Iterable<string>): void {
  for (const phrase of phrases) hitsOf(catalogue, phrase);
}

/** Whether a sorted id list holds an id. */
function holds(ids: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The endpoints matching any clause (every phrase of it), best bm25 first (ties by id), at most `limit`:
 * what `SELECT … WHERE endpoint_search MATCH '<clauses joined by OR>' ORDER BY bm25 LIMIT ?` answers.
 */
export function textMatches(catalogue: Catalogue, clauses: readonly (readonly string[])[], limit: number): SearchHit[] {
  const { sums, matched } = scratchOf(catalogue);
  const touched: number[] = [];
  const add = (id: number, score: number) => {
    if (!matched[id]) {
      matched[id] = 1;
      touched.push(id);
    }
    sums[id]! += score;
  };
  for (const clause of clauses) {
    const lists = clause.map((phrase) => hitsOf(catalogue, phrase));
    if (lists.length === 1) {
      const { ids, scores } = lists[0]!;
      for (let i = 0; i < ids.length; i++) add(ids[i]!, scores[i]!);
      continue;
    }
    // An AND clause: rows holding every phrase, each phrase's score added in order.
    const first = lists[0]!;
    const positions = lists.map(() => 0);
    for (let i = 0; i < first.ids.length; i++) {
      const id = first.ids[i]!;
      let all = true;
      for (let k = 1; k < lists.length && all; k++) all = holds(lists[k]!.ids, id);
      if (!all) continue;
      add(id, first.scores[i]!);
      for (let k = 1; k < lists.length; k++) {
        const other = lists[k]!;
        let p = positions[k]!;
        while (other.ids[p] !== id) p++;
        positions[k] = p;
        add(id, other.scores[p]!);
      }
    }
  }
  const out: SearchHit[] = new Array(touched.length);
  for (let i = 0; i < touched.length; i++) {
    const id = touched[i]!;
    out[i] = { id, bm25: sums[id]! };
    // The scratch arrays are shared by every question: leave them zeroed.
    sums[id] = 0;
    matched[id] = 0;
  }
  out.sort((a, b) => a.bm25 - b.bm25 || a.id - b.id);
  if (out.length > limit) out.length = limit;
  return out;
}

const scratches = new WeakMap<Catalogue, { sums: Float64Array; matched: Uint8Array }>();

/** One pair of per-endpoint arrays per catalogue, reused (fresh ones per question made work for the collector). */
function scratchOf(catalogue: Catalogue): { sums: Float64Array; matched: Uint8Array } {
  let scratch = scratches.get(catalogue);
  if (!scratch) {
    const size = catalogue.endpoints().length + 1;
    scratch = { sums: new Float64Array(size), matched: new Uint8Array(size) };
    scratches.set(catalogue, scratch);
  }
  return scratch;
}
