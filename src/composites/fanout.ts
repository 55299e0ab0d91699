/**
 * Fan-out for composite tools: every branch starts at once (the client's limiter decides how many
 * requests are in flight), a branch that needs another awaits it, and a failed branch is recorded —
 * with the branches that needed it — while the others still answer.
 */
import { CwApiError } from "../http/errors.js";

export type Branches<T> = { [K in keyof T]: (need: <N extends keyof T>(name: N) => Promise<T[N]>) => Promise<T[K]> };

export interface BranchFailure {
  branch: string;
  error: string;
}

export interface Gathered<T> {
  /** Each branch that succeeded. */
  values: Partial<T>;
  failures: BranchFailure[];
  /** The error behind each failure, for a branch the caller cannot do without. */
  errors: Map<string, unknown>;
}

/** A branch that could not run because one it needs failed; `cause` is that first failure. */
class Skipped extends Error {}

export async function gather<T extends Record<string, unknown>>(branches: Branches<T>, describe: (err: unknown) => string): Promise<Gathered<T>> {
  const names = Object.keys(branches) as (keyof T & string)[];
  const started = new Map<keyof T, Promise<unknown>>();
  const need = <N extends keyof T>(name: N): Promise<T[N]> =>
    (started.get(name) as Promise<T[N]>).catch((err: unknown) => {
      throw err instanceof Skipped ? new Skipped(err.message, { cause: err.cause }) : new Skipped(`needs ${String(name)}, which failed`, { cause: err });
    });
  // Start every branch before any runs, so `need` always finds the promise it waits for.
  let go!: () => void;
  const ready = new Promise<void>((resolve) => (go = resolve));
  for (const name of names) started.set(name, ready.then(() => branches[name](need)));
  go();
  const settled = await Promise.allSettled(names.map((n) => started.get(n)!));
  const values: Partial<T> = {};
  const failures: BranchFailure[] = [];
  const errors = new Map<string, unknown>();
  settled.forEach((s, i) => {
    const name = names[i]!;
    if (s.status === "fulfilled") {
      values[name] = s.value as T[typeof name];
      return;
    }
    errors.set(name, s.reason);
    failures.push({ branch: name, error: s.reason instanceof Skipped ? `not fetched: it ${s.reason.message}` : describe(s.reason) });
  });
  return { values, failures, errors };
}

/**
 * What a composite cannot do without (the ticket itself): its failure is the call's failure, as it was — when
 * it was not even fetched because a branch it needs failed, that branch's error (the request that failed).
 */
export function required<T extends Record<string, unknown>, K extends keyof T & string>(gathered: Gathered<T>, branch: K): T[K] {
  const value = gathered.values[branch];
  if (value !== undefined) return value as T[K];
  const err = gathered.errors.get(branch);
  throw (err instanceof Skipped ? err.cause : err) ?? new CwApiError({ kind: "malformed", message: `${branch} could not be read.` });
}
