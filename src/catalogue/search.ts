/**
 * Endpoint search: plain-English questions → ranked endpoints.
 *
 * Two stages. FTS5 (bm25 over path, summary, category, parameter names and split keywords) finds
 * candidates for any of the question's terms. Then each candidate is scored on what a technician
 * means: how many of the question's terms it covers, whether they name its path segments and its
 * resource, whether it is the collection rather than a /count, /info or /usages variant, whether its
 * method fits the verb ("create", "delete"), and whether it is one of the core MSP records.
 */
import type { Catalogue, EndpointKind, EndpointRow, HttpMethod } from "./catalogue.js";
import { normalizePath, templateScore } from "./path-match.js";
import { splitWords, stem } from "./words.js";
import {
  STOP_WORDS, FILTER_WORDS, PHRASES, PREPOSITIONS, ALSO_NOUNS, INTENT, SYNONYMS, CORE_PATHS, COUNT_WORDS,
} from "./vocabulary.js";

export interface SearchOptions {
  method?: HttpMethod | undefined;
  category?: string | undefined;
  limit?: number | undefined;
}

export interface SearchResult {
  method: HttpMethod;
  path: string;
  summary: string;
  category: string;
  score: number;
}

/** A term the question asks for, with the spellings that count as a match for it. */
export interface TermGroup {
  word: string;
  /** Part of the head noun phrase: what is asked for, not what it is "for" or "on". */
  head: boolean;
  /** Each alternative is one or more words that must all appear. */
  alternatives: string[][];
}

export interface ParsedQuery {
  groups: TermGroup[];
  method?: HttpMethod;
  wantsCount: boolean;
  wantsInfo: boolean;
  wantsUsages: boolean;
  pathLike?: string;
}


/**
 * @param actions words that name actions in the API (merge, approve, submit ...): a question that starts
 * with one asks for that action, so it is part of what is asked for even before the object ("merge tickets").
 */
export function parseQuery(query: string, actions: ReadonlySet<string> = new Set()): ParsedQuery {
  const raw = query.trim();
  const lower = raw.toLowerCase();
  const parsed: ParsedQuery = {
    groups: [],
    wantsCount: /\b(count|how many|number of|total number)\b/.test(lower),
    wantsInfo: /\binfos?\b/.test(lower),
    wantsUsages: /\busages?\b|\bused by\b|\bwhere used\b/.test(lower),
  };
  const methodWord = /^(GET|POST|PUT|PATCH|DELETE)\s+(\S+)/i.exec(raw);
  if (methodWord) parsed.method = methodWord[1]!.toUpperCase() as HttpMethod;
  const pathToken = /(^|\s)(\/?[A-Za-z]+\/[^\s]*)/.exec(raw);
  if (pathToken) parsed.pathLike = normalizePath(pathToken[2]!);

  let text = lower;
  for (const [pattern, replacement] of PHRASES) text = text.replace(pattern, replacement);
  const seen = new Set<string>();
  let afterPreposition = false;
  let first = true;
  for (const word of splitWords(text)) {
    if (PREPOSITIONS.has(word) && parsed.groups.length > 0) afterPreposition = true;
    const intent = INTENT[word];
    if (intent && (first || !ALSO_NOUNS.has(word))) {
      parsed.method ??= intent;
      first = false;
      // A verb that is also an endpoint's name (download, copy) still says which endpoint.
      if (!actions.has(word)) continue;
    }
    if (word.length < 2 || STOP_WORDS.has(word) || FILTER_WORDS.has(word) || /^\d+$/.test(word) || COUNT_WORDS.has(word)) continue;
    first = false;
    const s = stem(word);
    if (seen.has(s)) continue;
    seen.add(s);
    const alternatives = [[s], ...(SYNONYMS[s] ?? []).map((alt) => alt.split(" "))];
    parsed.groups.push({ word: s, head: !afterPreposition, alternatives });
  }
  // Without a preposition the head noun is the last word: "ticket priorities" asks for priorities.
  if (!afterPreposition) parsed.groups.forEach((g, i) => (g.head = i === parsed.groups.length - 1));
  const opening = parsed.groups[0];
  if (opening && actions.has(opening.word)) opening.head = true;
  return parsed;
}

/** An FTS5 query matching any alternative of any group; every term is quoted, so input cannot inject syntax. */
export function ftsQuery(groups: TermGroup[]): string {
  const clauses: string[] = [];
  for (const g of groups) {
    for (const alt of g.alternatives) {
      const terms = alt.map((w) => (w.length >= 4 ? `"${w}"*` : `"${w}"`));
      clauses.push(terms.length === 1 ? terms[0]! : `(${terms.join(" AND ")})`);
    }
  }
  return clauses.join(" OR ");
}

interface Candidate {
  row: EndpointRow;
  features: Features;
  bm25: number;
}

/** What the scorer compares a question with, derived once per endpoint. Words are stemmed. */
interface Features {
  /** Words of the fixed segments after the module, in order (repeats count as extra specificity). */
  path: string[];
  pathSet: Set<string>;
  module: string;
  /** The module qualifies a top-level resource (/project/tickets), so naming it names the resource. */
  topLevel: boolean;
  resource: Set<string>;
  text: Set<string>;
  relations: Set<string>;
  /** 0.5 for the core MSP collections and their items, 0.25 below them. */
  coreBonus: number;
}

const featureCache = new WeakMap<EndpointRow, Features>();
const actionCache = new WeakMap<Catalogue, Set<string>>();

/** Names of the API's actions, from its action and single-resource endpoints: merge, approve, copy, download ... */
function actionWords(catalogue: Catalogue): Set<string> {
  let words = actionCache.get(catalogue);
  if (!words) {
    const named = catalogue.endpoints().filter((e) => e.kind === "action" || (e.kind === "resource" && e.path.endsWith(`}/${e.resource}`)));
    words = new Set(named.map((e) => stem(e.resource.toLowerCase())));
    actionCache.set(catalogue, words);
  }
  return words;
}

function featuresOf(row: EndpointRow): Features {
  let f = featureCache.get(row);
  if (!f) {
    const words = row.words.split(" ").map(stem);
    const fixed = row.path.split("/").filter((seg) => seg && !seg.startsWith("{"));
    const collection = row.path.replace(/\/\{[^}]+\}$/, "");
    const path = words.slice(1);
    f = {
      module: words[0] ?? "",
      path,
      pathSet: new Set(path),
      topLevel: fixed.length === 2,
      resource: new Set(row.resourceWords.split(" ").filter(Boolean).map(stem)),
      text: new Set([...splitWords(row.summary), ...splitWords(row.tag)].map(stem)),
      relations: new Set(row.relations.split(" ").filter(Boolean).map(stem)),
      coreBonus: CORE_PATHS.has(collection) ? 0.5 : [...CORE_PATHS].some((core) => row.path.startsWith(`${core}/`)) ? 0.25 : 0,
    };
    featureCache.set(row, f);
  }
  return f;
}

const vocabularyCache = new WeakMap<Catalogue, string[]>();

/** Every stemmed word the scorer can meet, so a question word's matches are found once per search. */
function vocabularyOf(catalogue: Catalogue): string[] {
  let words = vocabularyCache.get(catalogue);
  if (!words) {
    const all = new Set<string>();
    for (const row of catalogue.endpoints()) {
      const f = featuresOf(row);
      for (const set of [f.pathSet, f.resource, f.text, f.relations]) for (const w of set) all.add(w);
      all.add(f.module);
    }
    words = [...all];
    vocabularyCache.set(catalogue, words);
  }
  return words;
}

/** A question word and the document words it matches (itself, and what it abbreviates: config → configuration). */
type Expansions = Map<string, string[]>;

const expansionCache = new WeakMap<string[], Map<string, string[]>>();

function expand(q: ParsedQuery, vocabulary: string[]): Expansions {
  // A word's matches depend only on the vocabulary: each is worked out once (a scan of every word) and kept.
  let known = expansionCache.get(vocabulary);
  if (!known) expansionCache.set(vocabulary, (known = new Map()));
  const out: Expansions = new Map();
  for (const g of q.groups) {
    for (const alt of g.alternatives) {
      for (const w of alt) {
        if (out.has(w)) continue;
        let matches = known.get(w);
        if (!matches) {
          matches = vocabulary.filter((v) => wordMatches(v, w));
          if (known.size < 50_000) known.set(w, matches);
        }
        out.set(w, matches);
      }
    }
  }
  return out;
}

const KIND_WEIGHT: Record<EndpointKind, number> = {
  collection: 0.6,
  item: 0.3,
  resource: 0.3,
  action: 0.1,
  count: -1.5,
  info: -1.5,
  usages: -1.6,
};

export function search(catalogue: Catalogue, query: string, options: SearchOptions = {}): SearchResult[] {
  const limit = Math.min(Math.max(options.limit ?? 10, 1), 50);
  const parsed = parseQuery(query, actionWords(catalogue));
  const method = options.method ?? undefined;
  const category = options.category?.toLowerCase();
  const keep = (row: EndpointRow) => (!method || row.method === method) && (!category || row.category === category);

  const candidates = new Map<number, Candidate>();
  if (parsed.groups.length > 0) {
    for (const hit of catalogue.match(ftsQuery(parsed.groups), 1000)) {
      const row = catalogue.endpoint(hit.id);
      if (row && keep(row)) candidates.set(row.id, { row, features: featuresOf(row), bm25: hit.bm25 });
    }
  }
  if (parsed.pathLike) {
    for (const row of catalogue.endpoints()) {
      if (keep(row) && templateScore(row.path, parsed.pathLike) >= 0 && !candidates.has(row.id)) {
        candidates.set(row.id, { row, features: featuresOf(row), bm25: 0 });
      }
    }
  }
  if (candidates.size === 0) return [];

  const best = Math.min(...[...candidates.values()].map((c) => c.bm25), -1e-9);
  const expansions = expand(parsed, vocabularyOf(catalogue));
  const asked = new Set([...expansions.values()].flat());
  const scored = [...candidates.values()].map((c) => ({ c, score: score(c, parsed, expansions, asked, best, method) }));
  scored.sort(
    (a, b) => b.score - a.score || (a.c.row.path < b.c.row.path ? -1 : a.c.row.path > b.c.row.path ? 1 : 0) || methodOrder(a.c.row.method) - methodOrder(b.c.row.method),
  );
  return scored.slice(0, limit).map(({ c, score }) => ({
    method: c.row.method,
    path: c.row.path,
    summary: displaySummary(c.row.summary),
    category: c.row.category,
    score: Math.round(score * 1000) / 1000,
  }));
}

/** Whether any document word a question word stands for (its expansions) is in the set. Hot: plain loops. */
function hasAny(set: Set<string>, expansions: string[]): boolean {
  for (const e of expansions) if (set.has(e)) return true;
  return false;
}

/** Whether every word of an alternative is found in the set. */
function allIn(set: Set<string>, alt: string[], x: Expansions): boolean {
  for (const w of alt) if (!hasAny(set, x.get(w)!)) return false;
  return true;
}

/** How strongly an endpoint matches one term: 1 in its path, less for the module, its summary or its relations. */
function termCredit(g: TermGroup, f: Features, x: Expansions): { credit: number; inPath: boolean } {
  let bestCredit = 0;
  let bestInPath = false;
  for (const alt of g.alternatives) {
    const fitsPath = allIn(f.pathSet, alt, x);
    let fitsAll = fitsPath;
    if (!fitsAll) {
      fitsAll = true;
      for (const w of alt) {
        const e = x.get(w)!;
        if (!hasAny(f.pathSet, e) && !e.includes(f.module)) {
          fitsAll = false;
          break;
        }
      }
    }
    let credit = 0;
    let inPath = false;
    if (fitsPath || (fitsAll && (alt.length > 1 || f.topLevel))) [credit, inPath] = [1, true];
    else if (fitsAll) [credit, inPath] = [0.6, true];
    else if (allIn(f.text, alt, x)) credit = 0.8;
    else if (allIn(f.relations, alt, x)) credit = 0.35;
    if (credit > bestCredit) [bestCredit, bestInPath] = [credit, inPath];
  }
  return { credit: bestCredit, inPath: bestInPath };
}

function score(
  c: Candidate,
  q: ParsedQuery,
  x: Expansions,
  asked: Set<string>,
  bestBm25: number,
  methodFilter: HttpMethod | undefined,
): number {
  const { row, features: f } = c;
  let s = 1.5 * (c.bm25 / bestBm25); // 0..1.5, relative to the best text match

  if (q.groups.length > 0) {
    let covered = 0;
    let inPath = 0;
    let head = 0;
    for (const g of q.groups) {
      const t = termCredit(g, f, x);
      covered += t.credit;
      if (t.inPath) inPath += t.credit;
      if (g.head && g.alternatives.some((alt) => allIn(f.resource, alt, x))) head += 1;
    }
    const n = q.groups.length;
    const heads = q.groups.filter((g) => g.head).length || 1;
    s += 3 * (covered / n) + 1.5 * (inPath / n) + 1.2 * (head / heads);
    // Path words the question did not ask for make an endpoint more specific than what was asked.
    let extra = 0;
    for (const w of f.path) if (!asked.has(w)) extra++;
    s -= 0.25 * extra;
  }

  if (q.pathLike) {
    const fit = templateScore(row.path, q.pathLike);
    if (fit >= 0) s += 5 + fit;
  }

  let kind = KIND_WEIGHT[row.kind];
  if (row.kind === "count" && q.wantsCount) kind = 1.2;
  if (row.kind === "info" && q.wantsInfo) kind = 0.8;
  if (row.kind === "usages" && q.wantsUsages) kind = 0.8;
  if (row.kind === "collection" && q.wantsCount) kind = 0;
  s += kind;

  if (!methodFilter) {
    if (q.method) s += row.method === q.method ? 1.2 : q.method === "PATCH" && row.method === "PUT" ? 0.9 : -0.8;
    else s += row.method === "GET" ? 0.4 : row.method === "DELETE" ? -0.4 : 0;
  }
  s += f.coreBonus;
  s -= 0.08 * (f.path.length + 1);
  return s;
}

/** A question word matches a document word when they are equal or the question abbreviates it (config). */
function wordMatches(doc: string, word: string): boolean {
  return doc === word || (word.length >= 4 && doc.startsWith(word) && doc.length <= word.length * 2.2);
}

function methodOrder(m: HttpMethod): number {
  return ["GET", "POST", "PUT", "PATCH", "DELETE"].indexOf(m);
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Summaries as people read them: "Get List of ConnectWise.Apis.v3_0.v2015_3.Service.Ticket.Ticket" → "Get List of Ticket". */
export function displaySummary(summary: string): string {
  return oneLine(summary).replace(/\bConnectWise\.Apis\.[\w.]*\.(\w+)\b/g, "$1");
}
