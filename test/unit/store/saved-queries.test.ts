import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { StoreError } from "../../../src/store/errors.js";
import { openFastMemory } from "../../../src/store/fast-memory.js";
import { checkName, describeQuery, nameKey, SavedQueryStore } from "../../../src/store/saved-queries.js";
import type { StoreDb } from "../../../src/store/sqlite.js";

let dir: string;
let db: StoreDb;
let store: SavedQueryStore;
let clock: number;
const tick = () => new Date(Date.UTC(2026, 2, 16, 9, 0, 0) + clock++ * 60_000);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cw-saved-"));
  db = openFastMemory(dir);
  clock = 0;
  store = new SavedQueryStore(db, tick);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const openTickets = { name: "Open tickets", method: "GET" as const, path: "/service/tickets", params: { conditions: "closedFlag = false", pageSize: 50 } };

function storeError(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StoreError) return err;
    throw err;
  }
  throw new Error("expected a StoreError");
}

describe("names", () => {
  it("are trimmed, inner spaces made one, and compared ignoring case", () => {
    expect(checkName("  open   tickets\t")).toBe("open tickets");
    expect(nameKey(" Open  TICKETS ")).toBe("open tickets");
    expect(checkName("Überfällige Tickets v2.1_a-b")).toBe("Überfällige Tickets v2.1_a-b");
  });

  it.each([
    ["", "A saved query needs a name."],
    ["   ", "A saved query needs a name."],
    ["x".repeat(65), "is 65 characters long"],
    ["tickets/open", 'has characters a name cannot have: "/"'],
    ["drop'; --", `has characters a name cannot have: "'" ";"`],
    ["emoji 🎫", 'has characters a name cannot have: "🎫"'],
  ])("refuse %j, saying the rule", (name, message) => {
    const err = storeError(() => store.save({ ...openTickets, name }));
    expect(err.message).toContain(message);
    expect(err.hint).toContain("Names are 1–64 characters: letters, digits, spaces, _ - and .");
    expect(store.list()).toEqual([]);
  });

  it("may be 64 characters", () => {
    expect(store.save({ ...openTickets, name: "x".repeat(64) }).query.name).toHaveLength(64);
  });
});

describe("SavedQueryStore", () => {
  it("saves a query with its params, body and description, and reads it back by name in any case", () => {
    const body = [{ op: "replace", path: "status", value: { name: "Closed" } }];
    const { query, replaced } = store.save({ name: " Close ticket ", method: "PATCH", path: "/service/tickets/{id}", params: { id: 5 }, body, description: " closes one " });
    expect(replaced).toBe(false);
    expect(query).toEqual({
      name: "Close ticket",
      method: "PATCH",
      path: "/service/tickets/{id}",
      params: { id: 5 },
      body,
      description: "closes one",
      createdAt: "2026-03-16T09:00:00.000Z",
      updatedAt: "2026-03-16T09:00:00.000Z",
      useCount: 0,
    });
    expect(store.get("CLOSE  TICKET")).toEqual(query);
    expect(store.get("close tickets")).toBeUndefined();
  });

  it("keeps a query without params or body as such", () => {
    const { query } = store.save({ name: "boards", method: "GET", path: "/service/boards" });
    expect(query.params).toEqual({});
    expect("body" in query).toBe(false);
    expect("description" in query).toBe(false);
    expect(describeQuery(query)).toBe("GET /service/boards");
  });

  it("refuses a name that exists in another case, showing the saved query and how to replace it", () => {
    store.save({ ...openTickets, description: "all boards" });
    store.recordUse("open tickets");
    const err = storeError(() => store.save({ ...openTickets, name: "OPEN TICKETS", params: { conditions: "closedFlag = true" } }));
    expect(err.message).toBe(`A saved query named "Open tickets" already exists: GET /service/tickets {"conditions":"closedFlag = false","pageSize":50} — all boards (used once).`);
    expect(err.hint).toBe("To overwrite it, save again with replace: true; otherwise choose another name.");
    expect(store.get("open tickets")!.params).toEqual(openTickets.params);
  });

  it("replaces with replace: true, keeping the creation time and use count, taking the new spelling", () => {
    const first = store.save(openTickets).query;
    store.recordUse("Open tickets");
    const { query, replaced } = store.save({ name: "open Tickets", method: "GET", path: "/service/tickets", params: { conditions: "closedFlag = true" } }, { replace: true });
    expect(replaced).toBe(true);
    expect(query).toMatchObject({ name: "open Tickets", params: { conditions: "closedFlag = true" }, createdAt: first.createdAt, useCount: 1 });
    expect(query.updatedAt > first.updatedAt).toBe(true);
    expect(store.list()).toHaveLength(1);
    expect(store.save({ ...openTickets, name: "new one" }, { replace: true }).replaced).toBe(false);
  });

  it("counts uses and the time of the last one", () => {
    store.save(openTickets);
    expect(store.get("open tickets")!.lastUsedAt).toBeUndefined();
    const once = store.recordUse("open tickets")!;
    const twice = store.recordUse("OPEN TICKETS")!;
    expect(once.useCount).toBe(1);
    expect(twice.useCount).toBe(2);
    expect(twice.lastUsedAt! > once.lastUsedAt!).toBe(true);
    expect(store.get("open tickets")).toEqual(twice);
    expect(store.recordUse("nope")).toBeUndefined();
  });

  it("lists the most used first, then by name ignoring case", () => {
    for (const name of ["b", "C", "a", "d"]) store.save({ ...openTickets, name });
    store.recordUse("d");
    store.recordUse("d");
    store.recordUse("C");
    expect(store.list().map((q) => [q.name, q.useCount])).toEqual([
      ["d", 2],
      ["C", 1],
      ["a", 0],
      ["b", 0],
    ]);
  });

  it("finds by keyword: every word, in the name, description, method, path or params, ignoring case", () => {
    store.save({ name: "Help desk open", method: "GET", path: "/service/tickets", params: { conditions: 'board/name = "Help Desk"' } });
    store.save({ name: "Overdue", method: "GET", path: "/service/tickets", params: {}, description: "Tickets past their due date" });
    store.save({ name: "Members", method: "GET", path: "/system/members" });
    expect(store.list("tickets").map((q) => q.name)).toEqual(["Help desk open", "Overdue"]);
    expect(store.list("HELP desk").map((q) => q.name)).toEqual(["Help desk open"]);
    expect(store.list("due date").map((q) => q.name)).toEqual(["Overdue"]);
    expect(store.list("system members").map((q) => q.name)).toEqual(["Members"]);
    expect(store.list("tickets members")).toEqual([]);
    expect(store.list("   ")).toHaveLength(3);
  });

  it("deletes by name in any case, returning what was deleted", () => {
    store.save(openTickets);
    expect(store.delete(" open TICKETS ")).toMatchObject({ name: "Open tickets", path: "/service/tickets" });
    expect(store.delete("open tickets")).toBeUndefined();
    expect(store.list()).toEqual([]);
  });

  it("clears everything, returning the names deleted", () => {
    for (const name of ["beta", "Alpha", "gamma"]) store.save({ ...openTickets, name });
    expect(store.clear()).toEqual(["Alpha", "beta", "gamma"]);
    expect(store.list()).toEqual([]);
    expect(store.clear()).toEqual([]);
  });

  it("suggests the closest names for one that is not saved", () => {
    for (const name of ["open tickets", "open tickets help desk", "closed tickets", "members", "agreements expiring"]) store.save({ ...openTickets, name });
    expect(store.closest("open tikets").slice(0, 2)).toEqual(["open tickets", "closed tickets"]);
    expect(store.closest("help desk")[0]).toBe("open tickets help desk");
    expect(store.closest("x", 2)).toHaveLength(2);
  });

  it("refuses an overlong description", () => {
    expect(() => store.save({ ...openTickets, description: "x".repeat(501) })).toThrow("The description is 501 characters long; keep it to 500.");
  });

  it("is shared by two connections to the same file (two servers)", () => {
    const other = openFastMemory(dir);
    try {
      const second = new SavedQueryStore(other);
      store.save(openTickets);
      expect(second.recordUse("open tickets")!.useCount).toBe(1);
      expect(store.get("open tickets")!.useCount).toBe(1);
      expect(() => second.save(openTickets)).toThrow(StoreError);
    } finally {
      other.close();
    }
  });
});
