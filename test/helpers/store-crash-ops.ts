/**
 * The deterministic write sequence of the store crash test. The child process applies it to a real store;
 * the test replays it on a plain map to know exactly what the file must hold after any number of steps.
 */
import type { StoreDb } from "../../src/store/sqlite.js";
import type { SavedQueryStore } from "../../src/store/saved-queries.js";

export type Op =
  /** One transaction: save a new query and count one use of it, so a half-applied one would show 0 uses. */
  | { kind: "create"; name: string; params: Record<string, string | number>; body: unknown }
  | { kind: "use"; name: string }
  | { kind: "replace"; name: string; params: Record<string, string | number>; body: unknown }
  | { kind: "delete"; name: string };

export interface Expected {
  params: Record<string, string | number>;
  body: unknown;
  useCount: number;
}

/** Bodies of 2–5 KB: each row spans overflow pages, so a torn write could not go unnoticed. */
function body(k: number, letter: string): unknown {
  return { k, note: letter.repeat(2000 + (k % 7) * 500), ops: [{ op: "replace", path: "summary", value: `step ${k}` }] };
}

export function opAt(k: number): Op {
  const created = Math.floor(k / 4) + 1;
  const pick = `q ${(k * 7919) % created}`;
  switch (k % 4) {
    case 0:
      return { kind: "create", name: `q ${k / 4}`, params: { n: k / 4, conditions: `id = ${k}` }, body: body(k, "x") };
    case 1:
      return k % 20 === 17 ? { kind: "delete", name: pick } : { kind: "use", name: pick };
    case 2:
      return { kind: "replace", name: pick, params: { n: k, orderBy: "id desc" }, body: body(k, "y") };
    default:
      return { kind: "use", name: pick };
  }
}

export function applyOp(db: StoreDb, store: SavedQueryStore, op: Op): void {
  switch (op.kind) {
    case "create":
      db.transaction(() => {
        store.save({ name: op.name, method: "PATCH", path: "/service/tickets/{id}", params: op.params, body: op.body });
        store.recordUse(op.name);
      }).immediate();
      return;
    case "use":
      store.recordUse(op.name);
      return;
    case "replace":
      store.save({ name: op.name, method: "PATCH", path: "/service/tickets/{id}", params: op.params, body: op.body }, { replace: true });
      return;
    case "delete":
      store.delete(op.name);
  }
}

/** What the store holds after steps 0 … count-1. */
export function expectedAfter(count: number): Map<string, Expected> {
  const state = new Map<string, Expected>();
  for (let k = 0; k < count; k++) {
    const op = opAt(k);
    const existing = state.get(op.name);
    if (op.kind === "create") state.set(op.name, { params: op.params, body: op.body, useCount: 1 });
    else if (op.kind === "use" && existing) existing.useCount += 1;
    else if (op.kind === "replace") state.set(op.name, { params: op.params, body: op.body, useCount: existing?.useCount ?? 0 });
    else if (op.kind === "delete") state.delete(op.name);
  }
  return state;
}
