/**
 * Batches of writes reviewed as one plan. A preview issues a token that is a hash of the exact plan (each
 * item's method, concrete path, query and body, their order, and continue_on_error), so the same plan always
 * gets the same token and any change to it gets another. Issued tokens are kept in memory with when they were
 * issued and the `_info.lastUpdated` each targeted record had at preview; a token runs its plan once, within
 * TOKEN_TTL_MS. Pure apart from the clock, which is injectable for tests.
 */
import { createHash } from "node:crypto";
import type { WritePlan } from "./preview.js";

export interface BatchPlan {
  items: WritePlan[];
  continueOnError: boolean;
}

/** A record an item writes to, and its `_info.lastUpdated` when the preview read it (null: unreadable or none). */
export interface Target {
  index: number;
  path: string;
  lastUpdated: string | null;
}

export type RefusalReason = "no_token" | "wrong_token" | "changed_plan" | "used" | "expired";

export interface Refusal {
  reason: RefusalReason;
  message: string;
  hint: string;
}

export type Claim = { ok: true; targets: Target[] } | { ok: false; refusal: Refusal };

export const TOKEN_TTL_MS = 15 * 60_000;
/** Bounded so a client previewing in a loop cannot grow the server without limit; the oldest go first. */
const MAX_TOKENS = 200;
const TOKEN_LENGTH = 32;

/** JSON with object keys sorted (code-unit order) and undefined members left out: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
  return `{${members.join(",")}}`;
}

function normalised(item: WritePlan): unknown {
  const query = Object.keys(item.query)
    .sort()
    .map((k) => [k, item.query[k]]);
  return { method: item.method.toUpperCase(), path: item.path, query, body: item.body ?? null };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The digest of one item, to say which items of a changed plan differ. */
export function itemDigest(item: WritePlan): string {
  return sha256(canonicalJson(normalised(item)));
}

/** The preview token of a plan: SHA-256 over its canonical JSON, hex, shortened to 128 bits. */
export function planToken(plan: BatchPlan): string {
  return sha256(canonicalJson({ v: 1, continueOnError: plan.continueOnError, items: plan.items.map(normalised) })).slice(0, TOKEN_LENGTH);
}

interface Issued {
  itemDigests: string[];
  continueOnError: boolean;
  issuedAt: number;
  targets: Target[];
  usedAt?: number;
}

const REPREVIEW = "Preview the batch as it is now (call cw_batch_update without confirm) and confirm with the token that preview returns.";

export class BatchTokens {
  private readonly issued = new Map<string, Issued>();
  private readonly now: () => number;
  readonly ttlMs: number;

  constructor(options: { now?: () => number; ttlMs?: number } = {}) {
    this.now = options.now ?? Date.now;
    this.ttlMs = options.ttlMs ?? TOKEN_TTL_MS;
  }

  /** Issue (or issue again, fresh) the token of a previewed plan; returns it with its expiry (ms since epoch). */
  issue(plan: BatchPlan, targets: Target[]): { token: string; expiresAt: number } {
    const token = planToken(plan);
    const issuedAt = this.now();
    // Expired tokens stay until pushed out by newer ones, so a late confirmation hears "expired", not "wrong".
    this.issued.delete(token);
    this.issued.set(token, { itemDigests: plan.items.map(itemDigest), continueOnError: plan.continueOnError, issuedAt, targets });
    while (this.issued.size > MAX_TOKENS) this.issued.delete(this.issued.keys().next().value!);
    return { token, expiresAt: issuedAt + this.ttlMs };
  }

  /**
   * Check a token against the plan submitted with it and, when it is good, mark it used at once (so two
   * confirmations racing each other cannot both run it). `release` undoes that when a later check refuses.
   */
  claim(token: string | undefined, plan: BatchPlan): Claim {
    if (!token) {
      return refuse("no_token", "confirm: true needs the preview_token from this batch's preview. Nothing was sent.", "Call cw_batch_update without confirm to preview the batch and get its token.");
    }
    const entry = this.issued.get(token);
    if (!entry) {
      return refuse("wrong_token", `Wrong preview_token: ${JSON.stringify(token.slice(0, 64))} was not issued by this server (mistyped, or the server restarted since the preview). Nothing was sent.`, REPREVIEW);
    }
    if (planToken(plan) !== token) {
      return refuse("changed_plan", `Changed plan: the operations differ from the plan this preview_token was issued for (${difference(entry, plan)}). Nothing was sent.`, REPREVIEW);
    }
    const now = this.now();
    if (entry.usedAt !== undefined) {
      return refuse("used", `Stale preview_token: it already ran this batch at ${iso(entry.usedAt)}; a token runs its batch once. Nothing was sent again.`, "To run the same operations again, preview them again and confirm with the new preview.");
    }
    if (now - entry.issuedAt > this.ttlMs) {
      return refuse("expired", `Stale preview_token: it expired at ${iso(entry.issuedAt + this.ttlMs)} (tokens last ${Math.round(this.ttlMs / 60_000)} minutes after the preview). Nothing was sent.`, REPREVIEW);
    }
    entry.usedAt = now;
    return { ok: true, targets: entry.targets };
  }

  /** Make a claimed token usable again: the run did not start. */
  release(token: string): void {
    const entry = this.issued.get(token);
    if (entry) delete entry.usedAt;
  }
}

function refuse(reason: RefusalReason, message: string, hint: string): Claim {
  return { ok: false, refusal: { reason, message, hint } };
}

/** What differs between the previewed plan and the submitted one, in a few words. */
function difference(entry: Issued, plan: BatchPlan): string {
  const now = plan.items.map(itemDigest);
  const then = entry.itemDigests;
  const parts: string[] = [];
  if (now.length !== then.length) parts.push(`${now.length} operations now, ${then.length} previewed`);
  const differing = now.flatMap((digest, i) => (i < then.length && digest !== then[i] ? [i] : []));
  if (differing.length > 0 && now.length === then.length && [...now].sort().join() === [...then].sort().join()) {
    parts.push("the same operations in a different order");
  } else if (differing.length > 0) {
    const shown = differing.slice(0, 10).map((i) => `operations[${i}]`).join(", ");
    parts.push(`${shown}${differing.length > 10 ? ` and ${differing.length - 10} more` : ""} ${differing.length === 1 ? "differs" : "differ"}`);
  }
  if (plan.continueOnError !== entry.continueOnError) parts.push(`continue_on_error is ${plan.continueOnError} now, ${entry.continueOnError} in the preview`);
  return parts.join("; ") || "the plan differs";
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
