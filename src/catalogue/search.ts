/**
 * Endpoint search: plain-English questions → ranked endpoints.
 *
 * Two stages. FTS5 (bm25 over path, summary, category, parameter names and split keywords) finds
 * candidates for any of the question's terms (text-match.ts: each term's hits read once and added up).
 * Then each candidate is scored on what a technician means: how many of the question's terms it covers,
 * whether they name its path segments and its resource, whether it is the collection rather than a
 * /count, /info or /usages variant, whether its method fits the verb ("create", "delete"), and whether it
 * is one of the core MSP records.
 */
import type { Catalogue, EndpointKind, EndpointRow, HttpMethod } from "./catalogue.js";
import { fittingTemplates, normalizePath } from "./path-match.js";
import { preloadPhrases, textMatches } from "./text-match.js";
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
  method: HttpMethod | undefined;
  wantsCount: boolean;
  wantsInfo: boolean;
  wantsUsages: boolean;
  pathLike: string | undefined;
}


/**
 * @param actions words that name actions in the API (merge, approve, submit ...): a question that starts
 * with one asks for that action, so it is part of what is asked for even before the object ("merge tickets").
 */
export function parseQuery(query: string, actions: ReadonlySet<string> = new Set()): ParsedQuery {
  const raw = query.trim();
  const lower = raw.toLowerCase();
  // Every field present from the start: one object shape for every question, so the scorer's compiled
  // code is not thrown away when a question with a verb or a path comes along.
  const parsed: ParsedQuery = {
    groups: [],
    method: undefined,
    wantsCount: /\b(count|how many|number of|total number)\b/.test(lower),
    wantsInfo: /\binfos?\b/.test(lower),
    wantsUsages: /\busages?\b|\bused by\b|\bwhere used\b/.test(lower),
    pathLike: undefined,
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

/**
 * The question as FTS5 clauses, joined by OR: one per alternative of each group, each clause its words as
 * phrases joined by AND. Every term is quoted, so input cannot inject syntax.
 */
export function ftsClauses(groups: TermGroup[]): string[][] {
  const clauses: string[][] = [];
  for (const g of groups) for (const alt of g.alternatives) clauses.push(alt.map(ftsPhrase));
  return clauses;
}

/** One word as an FTS5 phrase: quoted, and a prefix from four letters on (config matches configuration). */
function ftsPhrase(word: string): string {
  return word.length >= 4 ? `"${word}"*` : `"${word}"`;
}

/** The same clauses as one FTS5 query string. */
export function ftsQuery(groups: TermGroup[]): string {
  return ftsClauses(groups)
    .map((terms) => (terms.length === 1 ? terms[0]! : `(${terms.join(" AND ")})`))
    .join(" OR ");
}

interface Candidate {
  row: EndpointRow;
  features: Features;
  bm25: number;
  /** templateScore against the path in the question; -1 when there is none or it does not fit. */
  pathFit: number;
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
  const words = row.words.split(" ").map(stem);
  const fixed = row.path.split("/").filter((seg) => seg && !seg.startsWith("{"));
  const collection = row.path.replace(/\/\{[^}]+\}$/, "");
  const path = words.slice(1);
  return {
    module: words[0] ?? "",
    path,
    pathSet: new Set(path),
    topLevel: fixed.length === 2,
    resource: new Set(row.resourceWords.split(" ").filter(Boolean).map(stem)),
    text: new Set([...splitWords(row.summary), ...splitWords(row.tag)].map(stem)),
    relations: new Set(row.relations.split(" ").filter(Boolean).map(stem)),
    // Always a fraction, never the integer 0: V8 keeps one shape for every endpoint's features only when
    // the field holds the same kind of number in all of them (a mix de-optimised the scorer mid-session).
    coreBonus: CORE_PATHS.has(collection) ? 0.5 : [...CORE_PATHS].some((core) => row.path.startsWith(`${core}/`)) ? 0.25 : NO_BONUS,
  };
}

/** Zero, as a fraction (see coreBonus). */
const NO_BONUS = Number.MIN_VALUE;

/** What the scorer needs of a catalogue, worked out once: every endpoint's features and the words they use. */
interface Index {
  /** By endpoint id (ids are 1-based positions). */
  features: Features[];
  /** Every stemmed word the scorer can meet, sorted, so a question word's matches are a binary search away. */
  vocabulary: string[];
  /** A question word → the document words it matches; each worked out once. */
  expansions: Map<string, string[]>;
}

const indexCache = new WeakMap<Catalogue, Index>();

function indexOf(catalogue: Catalogue): Index {
  let index = indexCache.get(catalogue);
  if (!index) {
    const steps = buildIndex(catalogue);
    let step = steps.next();
    while (!step.done) step = steps.next();
    index = step.value;
    indexCache.set(catalogue, index);
  }
  return index;
}

/** The index, pausing after every few hundred endpoints (see warmSearchSteps). */
function* buildIndex(catalogue: Catalogue): Generator<void, Index> {
  const features: Features[] = [];
  const all = new Set<string>();
  const endpoints = catalogue.endpoints();
  for (let i = 0; i < endpoints.length; i++) {
    const row = endpoints[i]!;
    const f = featuresOf(row);
    features[row.id] = f;
    for (const set of [f.pathSet, f.resource, f.text, f.relations]) for (const w of set) all.add(w);
    all.add(f.module);
    if (i % 400 === 399) yield;
  }
  return { features, vocabulary: [...all].sort(), expansions: new Map() };
}

/**
 * Builds the search index, reads the text-match hits of every word the catalogue uses (and of the
 * synonyms questions are expanded with), and runs the scorer over questions made of endpoints' own words,
 * so the first question a user asks is answered as fast as the hundredth. A few hundred milliseconds of
 * work in all, in steps of a few milliseconds each: the server runs one step per turn of its event loop
 * once it has been idle for a while after start-up (src/mcp/warm-up.ts).
 */
export function* warmSearchSteps(catalogue: Catalogue, questions = 20): Generator<void> {
  if (!indexCache.has(catalogue)) {
    const built = yield* buildIndex(catalogue);
    // A question asked meanwhile built the index itself; keep the one in use.
    if (!indexCache.has(catalogue)) indexCache.set(catalogue, built);
  }
  const index = indexOf(catalogue);
  yield;
  const words = new Set(index.vocabulary);
  for (const [word, alternatives] of Object.entries(SYNONYMS)) {
    words.add(word);
    for (const alt of alternatives) for (const w of alt.split(" ")) words.add(w);
  }
  const phrases = [...words].filter((w) => w.length >= 2).map(ftsPhrase);
  for (let i = 0; i < phrases.length; i += 25) {
    preloadPhrases(catalogue, phrases.slice(i, i + 25));
    yield;
  }
  const endpoints = catalogue.endpoints();
  const step = Math.max(1, Math.floor(endpoints.length / Math.max(1, questions)));
  for (let i = 0; i < endpoints.length; i += step) {
    const e = endpoints[i]!;
    search(catalogue, `${e.method === "GET" ? "" : `${e.method.toLowerCase()} `}${e.words}`);
    yield;
  }
  // Questions of every shape the scorer meets: synonyms of several words, abbreviations, unknown words,
  // a path, a count, a verb (none of them evaluation questions).
  for (const q of WARM_UP_QUESTIONS) {
    search(catalogue, q);
    yield;
  }
}

const WARM_UP_QUESTIONS = [
  "open service tickets for a client",
  "time sheet entries of a tech",
  "how many configs does a customer have",
  "create a purchase order for a vendor",
  "PTO accrual of a member",
  "delete the zzqx widget",
  "GET /finance/agreements/{id}/additions",
  "reject a member's expense entry",
  "contract additions and devices",
  "merge two companies",
  "who is on the dispatch board",
  "payments against an invoice",
  "update a ticket's status",
  "notes on a project ticket",
];

/** All of warmSearchSteps at once. */
export function warmSearch(catalogue: Catalogue, questions?: number): void {
  for (const _ of warmSearchSteps(catalogue, questions));
}

/** A question word and the document words it matches (itself, and what it abbreviates: config → configuration). */
type Expansions = Map<string, string[]>;

function expand(q: ParsedQuery, index: Index): Expansions {
  const out: Expansions = new Map();
  for (const g of q.groups) {
    for (const alt of g.alternatives) {
      for (const w of alt) {
        if (out.has(w)) continue;
        let matches = index.expansions.get(w);
        if (!matches) {
          matches = matchesOf(w, index.vocabulary);
          if (index.expansions.size < 50_000) index.expansions.set(w, matches);
        }
        out.set(w, matches);
      }
    }
  }
  return out;
}

const NO_WORDS: string[] = [""].slice(1);

/** The vocabulary words a question word matches: a binary search for the first word it may prefix, then a scan while it does. */
function matchesOf(word: string, vocabulary: string[]): string[] {
  let lo = 0;
  let hi = vocabulary.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (vocabulary[mid]! < word) lo = mid + 1;
    else hi = mid;
  }
  // Every expansion list is an array of strings as V8 sees it (an empty literal is an array of small
  // integers), so the hot loops over them keep one shape and are not de-optimised by a word with no match.
  const out: string[] = NO_WORDS.slice();
  if (word.length < 4) {
    if (vocabulary[lo] === word) out.push(word);
    return out;
  }
  for (let i = lo; i < vocabulary.length && vocabulary[i]!.startsWith(word); i++) {
    if (wordMatches(vocabulary[i]!, word)) out.push(vocabulary[i]!);
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

  const index = indexOf(catalogue);
  // A path in the question: how well each template fits it, worked out once (-1: does not fit).
  const fitting = parsed.pathLike ? fittingTemplates(catalogue.endpoints(), parsed.pathLike) : [];
  const fits = new Map(fitting.map((f) => [f.row.id, f.score]));
  const candidates = new Map<number, Candidate>();
  const add = (row: EndpointRow, bm25: number) => candidates.set(row.id, { row, features: index.features[row.id]!, bm25, pathFit: fits.get(row.id) ?? -1 });
  if (parsed.groups.length > 0) {
    for (const hit of textMatches(catalogue, ftsClauses(parsed.groups), 1000)) {
      const row = catalogue.endpoint(hit.id);
      if (row && keep(row)) add(row, hit.bm25);
    }
  }
  for (const { row } of fitting) if (keep(row) && !candidates.has(row.id)) add(row, 0);
  if (candidates.size === 0) return [];

  let best = -1e-9;
  for (const c of candidates.values()) if (c.bm25 < best) best = c.bm25;
  const expansions = expand(parsed, index);
  const asked = new Set([...expansions.values()].flat());
  // Each word of each alternative replaced by the document words it matches, once, not once per candidate.
  const terms: Term[] = parsed.groups.map((g) => ({ head: g.head, alternatives: g.alternatives.map((alt) => alt.map((w) => expansions.get(w)!)) }));
  const scored = [...candidates.values()].map((c) => ({ c, score: score(c, parsed, terms, asked, best, method) }));
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

/** A question term as the scorer uses it: each alternative a list of words, each word the document words it matches. */
interface Term {
  head: boolean;
  alternatives: string[][][];
}

/** Whether any document word a question word stands for (its expansions) is in the set. Hot: plain loops. */
function hasAny(set: Set<string>, expansions: string[]): boolean {
  for (let i = 0; i < expansions.length; i++) if (set.has(expansions[i]!)) return true;
  return false;
}

/** Whether every word of an alternative is found in the set. */
function allIn(set: Set<string>, alt: string[][]): boolean {
  for (let i = 0; i < alt.length; i++) if (!hasAny(set, alt[i]!)) return false;
  return true;
}

/** Path credits (the term names the endpoint's path); the others come from its summary or relations. */
const IN_PATH = 1;
const IN_PATH_WITH_MODULE = 0.6;
const IN_TEXT = 0.8;
const IN_RELATIONS = 0.35;

/** How strongly an endpoint matches one term: 1 in its path, less for the module, its summary or its relations. */
function termCredit(g: Term, f: Features): number {
  let best = 0;
  for (const alt of g.alternatives) {
    const fitsPath = allIn(f.pathSet, alt);
    let fitsAll = fitsPath;
    if (!fitsAll) {
      fitsAll = true;
      for (const e of alt) {
        if (!hasAny(f.pathSet, e) && !e.includes(f.module)) {
          fitsAll = false;
          break;
        }
      }
    }
    let credit = 0;
    if (fitsPath || (fitsAll && (alt.length > 1 || f.topLevel))) credit = IN_PATH;
    else if (fitsAll) credit = IN_PATH_WITH_MODULE;
    else if (best < IN_TEXT && allIn(f.text, alt)) credit = IN_TEXT;
    else if (best < IN_RELATIONS && allIn(f.relations, alt)) credit = IN_RELATIONS;
    if (credit > best) best = credit;
    if (best === IN_PATH) break;
  }
  return best;
}

const inPath = (credit: number) => credit === IN_PATH || credit === IN_PATH_WITH_MODULE;

function score(
  c: Candidate,
  q: ParsedQuery,
  terms: Term[],
  asked: Set<string>,
  bestBm25: number,
  methodFilter: HttpMethod | undefined,
): number {
  const { row, features: f } = c;
  let s = 1.5 * (c.bm25 / bestBm25); // 0..1.5, relative to the best text match

  if (terms.length > 0) {
    let covered = 0;
    let pathCredit = 0;
    let head = 0;
    let heads = 0;
    for (const g of terms) {
      const credit = termCredit(g, f);
      covered += credit;
      if (inPath(credit)) pathCredit += credit;
      if (g.head) {
        heads++;
        for (const alt of g.alternatives) {
          if (allIn(f.resource, alt)) {
            head += 1;
            break;
          }
        }
      }
    }
    const n = terms.length;
    s += 3 * (covered / n) + 1.5 * (pathCredit / n) + 1.2 * (head / (heads || 1));
    // Path words the question did not ask for make an endpoint more specific than what was asked.
    let extra = 0;
    for (const w of f.path) if (!asked.has(w)) extra++;
    s -= 0.25 * extra;
  }

  if (c.pathFit >= 0) s += 5 + c.pathFit;

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
