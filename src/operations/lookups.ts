/**
 * People speak in names: "the Help Desk board", "jsmith", "Acme". Reference parameters are resolved to
 * records through look-ups against ConnectWise, cached for ten minutes. Only an exact match (ignoring
 * case and spacing) is taken; anything else comes back as the nearest candidates, never as a guess.
 */
import { editDistance } from "../catalogue/path-match.js";
import type { CwHttp } from "../http/client.js";
import { CwApiError } from "../http/errors.js";
import { fetchAll } from "../http/paginate.js";
import { conditionValue } from "./template-helpers.js";
import type { ParamType } from "./types.js";

export interface Resolved {
  id: number;
  name: string;
  identifier?: string;
}

interface Candidate extends Resolved {
  /** Every spelling that names it exactly. */
  keys: string[];
  /** The row as read (list look-ups only), for callers that want more than the name. */
  record?: Record<string, unknown>;
}

interface ListLookup {
  label: string;
  path: string;
  fields: string;
  toCandidate: (row: Record<string, unknown>) => Candidate;
}

const named = (row: Record<string, unknown>, name = String(row.name ?? "")): Candidate => ({ id: Number(row.id), name, keys: [name] });
const person = (row: Record<string, unknown>): Candidate => {
  const name = `${String(row.firstName ?? "")} ${String(row.lastName ?? "")}`.trim();
  const identifier = typeof row.identifier === "string" ? row.identifier : undefined;
  return { id: Number(row.id), name, ...(identifier ? { identifier } : {}), keys: [name, ...(identifier ? [identifier] : [])] };
};

/** Small lists, read whole and cached. */
const LISTS: Partial<Record<ParamType, ListLookup>> = {
  board: { label: "board", path: "/service/boards", fields: "id,name", toCandidate: (r) => named(r) },
  priority: { label: "priority", path: "/service/priorities", fields: "id,name", toCandidate: (r) => named(r) },
  // Capacity, cost and rate come along: the composites read them from this cached list; employment dates,
  // the time-sheet flag and the calendar are what timesheet validation needs to judge a member's days.
  member: {
    label: "member",
    path: "/system/members",
    fields: "id,identifier,firstName,lastName,inactiveFlag,dailyCapacity,hourlyCost,hourlyRate,hireDate,inactiveDate,requireTimeSheetEntryFlag,calendar,defaultLocation",
    toCandidate: person,
  },
  work_type: { label: "work type", path: "/time/workTypes", fields: "id,name", toCandidate: (r) => named(r) },
  work_role: { label: "work role", path: "/time/workRoles", fields: "id,name,hourlyRate", toCandidate: (r) => named(r) },
  location: { label: "location", path: "/system/locations", fields: "id,name", toCandidate: (r) => named(r) },
  department: { label: "department", path: "/system/departments", fields: "id,name,identifier", toCandidate: (r) => ({ ...named(r), keys: [String(r.name ?? ""), String(r.identifier ?? "")].filter(Boolean) }) },
  project_status: { label: "project status", path: "/project/statuses", fields: "id,name", toCandidate: (r) => named(r) },
  opportunity_stage: { label: "sales stage", path: "/sales/stages", fields: "id,name", toCandidate: (r) => named(r) },
};

const TTL_MS = 10 * 60_000;

export class Lookups {
  private readonly cache = new Map<string, { at: number; value: Promise<Candidate[]> }>();

  constructor(
    private readonly http: () => Promise<CwHttp>,
    private readonly now = () => Date.now(),
  ) {}

  /**
   * The record `value` names. `value` is an id (a number) or a name; `scope` narrows board-specific
   * look-ups (a status on a given board).
   */
  async resolve(type: ParamType, value: unknown, param: string, scope?: { boardId?: number }, signal?: AbortSignal): Promise<Resolved> {
    const text = String(value ?? "").trim();
    if (!text) throw refuse(param, type, text, [], "is empty");
    let candidates: Candidate[];
    if (type === "company") candidates = await this.searchCompanies(text, signal);
    else if (type === "contact") candidates = await this.searchContacts(text, signal);
    else if (type === "status") candidates = await this.statuses(scope?.boardId, signal);
    else {
      const list = LISTS[type];
      if (!list) throw new CwApiError({ kind: "refused", message: `Parameter "${param}": ${type} is not a reference type.` });
      candidates = await this.list(list, signal);
    }
    if (/^\d+$/.test(text) && type !== "status") {
      const byId = candidates.find((c) => c.id === Number(text));
      if (byId) return strip(byId);
      if (type !== "company" && type !== "contact") throw refuse(param, type, text, candidates, "is not the id of any");
      return { id: Number(text), name: text };
    }
    const wanted = normalise(text);
    const exact = unique(candidates.filter((c) => c.keys.some((k) => normalise(k) === wanted)));
    if (exact.length === 1) return strip(exact[0]!);
    if (exact.length > 1) throw refuse(param, type, text, exact, "matches more than one");
    throw refuse(param, type, text, candidates, "matches no");
  }

  private list(spec: ListLookup, signal?: AbortSignal): Promise<Candidate[]> {
    return this.cached(spec.path, async () => {
      const http = await this.http();
      const result = await fetchAll(http, { path: spec.path, query: { fields: spec.fields }, maxItems: 5000, pageSize: 1000, ...(signal ? { signal } : {}) });
      return (result.items as Record<string, unknown>[]).map((row) => ({ ...spec.toCandidate(row), record: row }));
    });
  }

  /** Every row of a small list (members, work roles …) with the fields its look-up reads; cached like a look-up. */
  async records(type: ParamType, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    const list = LISTS[type];
    if (!list) throw new CwApiError({ kind: "refused", message: `${type} is not a list look-up.` });
    return (await this.list(list, signal)).map((c) => c.record ?? { id: c.id, name: c.name });
  }

  /** Statuses of one board, or of all boards (names repeat across boards; a name is then one status). */
  private async statuses(boardId: number | undefined, signal?: AbortSignal): Promise<Candidate[]> {
    const boards = boardId !== undefined ? [{ id: boardId }] : await this.list(LISTS.board!, signal);
    const all = await Promise.all(
      boards.map((b) =>
        this.cached(`statuses:${b.id}`, async () => {
          const http = await this.http();
          const result = await fetchAll(http, { path: `/service/boards/${b.id}/statuses`, query: { fields: "id,name" }, maxItems: 5000, pageSize: 1000, ...(signal ? { signal } : {}) });
          return (result.items as Record<string, unknown>[]).map((r) => named(r));
        }),
      ),
    );
    const byName = new Map<string, Candidate>();
    for (const s of all.flat()) if (!byName.has(normalise(s.name))) byName.set(normalise(s.name), s);
    return [...byName.values()];
  }

  private searchCompanies(text: string, signal?: AbortSignal): Promise<Candidate[]> {
    return this.search("company", text, async (http) => {
      const exact = /^\d+$/.test(text) ? `id = ${text}` : `identifier = ${conditionValue(text)} or name = ${conditionValue(text)}`;
      const fields = "id,identifier,name";
      const toCandidate = (r: Record<string, unknown>): Candidate => ({ id: Number(r.id), name: String(r.name ?? ""), identifier: String(r.identifier ?? ""), keys: [String(r.name ?? ""), String(r.identifier ?? "")] });
      const found = await http.request({ method: "GET", path: "/company/companies", query: { conditions: exact, fields, pageSize: 10 }, ...(signal ? { signal } : {}) });
      if (Array.isArray(found.data) && found.data.length > 0) return (found.data as Record<string, unknown>[]).map(toCandidate);
      const words = text.split(/\s+/).filter((w) => w.length >= 2 && !w.includes('"') && !w.includes("'")).slice(0, 3);
      if (words.length === 0) return [];
      const near = await http.request({
        method: "GET",
        path: "/company/companies",
        query: { conditions: words.map((w) => `name contains ${conditionValue(w)} or identifier contains ${conditionValue(w)}`).join(" or "), fields, pageSize: 25 },
        ...(signal ? { signal } : {}),
      });
      return Array.isArray(near.data) ? (near.data as Record<string, unknown>[]).map(toCandidate) : [];
    });
  }

  private searchContacts(text: string, signal?: AbortSignal): Promise<Candidate[]> {
    return this.search("contact", text, async (http) => {
      const fields = "id,firstName,lastName";
      const parts = text.split(/\s+/);
      const conditions = /^\d+$/.test(text)
        ? `id = ${text}`
        : parts.length >= 2
          ? `firstName = ${conditionValue(parts[0])} and lastName = ${conditionValue(parts.slice(1).join(" "))}`
          : `lastName = ${conditionValue(text)} or firstName = ${conditionValue(text)}`;
      const res = await http.request({ method: "GET", path: "/company/contacts", query: { conditions, fields, pageSize: 25 }, ...(signal ? { signal } : {}) });
      return Array.isArray(res.data) ? (res.data as Record<string, unknown>[]).map(person) : [];
    });
  }

  private search(kind: string, text: string, run: (http: CwHttp) => Promise<Candidate[]>): Promise<Candidate[]> {
    return this.cached(`${kind}:${normalise(text)}`, async () => run(await this.http()));
  }

  private cached(key: string, load: () => Promise<Candidate[]>): Promise<Candidate[]> {
    const hit = this.cache.get(key);
    if (hit && this.now() - hit.at < TTL_MS) return hit.value;
    const value = load();
    this.cache.set(key, { at: this.now(), value });
    value.catch(() => this.cache.delete(key));
    return value;
  }
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/\s+/g, " ").trim();
}

function unique(list: Candidate[]): Candidate[] {
  const seen = new Set<number>();
  return list.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
}

function strip(c: Candidate): Resolved {
  return { id: c.id, name: c.name, ...(c.identifier ? { identifier: c.identifier } : {}) };
}

const LABELS: Partial<Record<ParamType, string>> = { company: "company", contact: "contact", status: "status" };

function refuse(param: string, type: ParamType, text: string, candidates: Candidate[], problem: string): CwApiError {
  const label = LABELS[type] ?? LISTS[type]?.label ?? type;
  const wanted = normalise(text);
  const ranked = [...candidates]
    .map((c) => ({ c, score: Math.min(...c.keys.map((k) => (normalise(k).includes(wanted) || wanted.includes(normalise(k)) ? 0 : editDistance(normalise(k), wanted)))) }))
    .sort((a, b) => a.score - b.score || a.c.name.localeCompare(b.c.name))
    .slice(0, 8)
    .map(({ c }) => (c.identifier && c.identifier !== c.name ? `${c.name} (${c.identifier})` : c.name));
  return new CwApiError({
    kind: "refused",
    message: `Parameter "${param}": "${text}" ${problem} ${label}.`,
    hint: ranked.length ? `Candidates: ${ranked.join("; ")}. Give one of these exactly, or its id.` : `No ${label} looks like it; list them with the matching list_ operation.`,
  });
}
