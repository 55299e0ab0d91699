import { describe, expect, it } from "vitest";
import { BatchTokens, canonicalJson, planToken, TOKEN_TTL_MS, type BatchPlan } from "../../../src/writes/batch.js";

const plan: BatchPlan = {
  continueOnError: false,
  items: [
    { method: "PATCH", path: "/service/tickets/7", query: {}, body: [{ op: "replace", path: "summary", value: "Back online" }] },
    { method: "POST", path: "/service/tickets/7/notes", query: {}, body: { text: "Fixed", internalAnalysisFlag: true } },
    { method: "DELETE", path: "/service/tickets/9", query: {} },
  ],
};
const withItem = (i: number, change: object): BatchPlan => ({ ...plan, items: plan.items.map((item, j) => (j === i ? { ...item, ...change } : item)) });

describe("preview tokens", () => {
  it("are the same for the same plan, however its objects' keys are ordered", () => {
    const token = planToken(plan);
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(planToken(structuredClone(plan))).toBe(token);
    const reordered: BatchPlan = { ...plan, items: plan.items.map((i) => ({ ...i, body: i.body && !Array.isArray(i.body) ? { internalAnalysisFlag: true, text: "Fixed" } : i.body })) };
    expect(planToken(reordered)).toBe(token);
    // Method case and query key order do not change the plan; an absent body equals no body.
    expect(planToken(withItem(0, { method: "patch" }))).toBe(token);
    const q1 = withItem(2, { query: { a: 1, b: "x" } });
    const q2 = withItem(2, { query: { b: "x", a: 1 } });
    expect(planToken(q1)).toBe(planToken(q2));
    expect(canonicalJson({ b: 1, a: [undefined, { d: 2, c: undefined }] })).toBe('{"a":[null,{"d":2}],"b":1}');
  });

  it.each([
    ["the method", withItem(0, { method: "PUT" })],
    ["the path", withItem(2, { path: "/service/tickets/10" })],
    ["a query parameter", withItem(2, { query: { force: true } })],
    ["a body value", withItem(0, { body: [{ op: "replace", path: "summary", value: "Back online!" }] })],
    ["a body field", withItem(1, { body: { text: "Fixed", internalAnalysisFlag: false } })],
    ["the order of PATCH operations", withItem(0, { body: [{ op: "replace", path: "summary", value: "Back online" }, { op: "replace", path: "budgetHours", value: 1 }] })],
    ["the order of items", { ...plan, items: [plan.items[1]!, plan.items[0]!, plan.items[2]!] }],
    ["one item fewer", { ...plan, items: plan.items.slice(0, 2) }],
    ["continue_on_error", { ...plan, continueOnError: true }],
  ])("change with %s", (_, changed) => {
    expect(planToken(changed as BatchPlan)).not.toBe(planToken(plan));
  });
});

describe("BatchTokens", () => {
  const targets = [{ index: 0, path: "/service/tickets/7", lastUpdated: "2026-03-16T09:00:00Z" }];

  it("runs a plan once with its token, and hands back what the preview saw", () => {
    const tokens = new BatchTokens({ now: () => 1_000 });
    const { token, expiresAt } = tokens.issue(plan, targets);
    expect(token).toBe(planToken(plan));
    expect(expiresAt).toBe(1_000 + TOKEN_TTL_MS);
    expect(tokens.claim(token, structuredClone(plan))).toEqual({ ok: true, targets });
    const again = tokens.claim(token, plan);
    expect(again).toMatchObject({ ok: false, refusal: { reason: "used" } });
    expect(!again.ok && again.refusal.message).toMatch(/^Stale preview_token: it already ran this batch at 1970-01-01T00:00:01Z; a token runs its batch once\./);
  });

  it("refuses a confirmation without a token, and a token it never issued", () => {
    const tokens = new BatchTokens();
    tokens.issue(plan, targets);
    expect(tokens.claim(undefined, plan)).toMatchObject({ ok: false, refusal: { reason: "no_token", message: expect.stringContaining("confirm: true needs the preview_token") } });
    const wrong = tokens.claim("0123456789abcdef0123456789abcdef", plan);
    expect(wrong).toMatchObject({ ok: false, refusal: { reason: "wrong_token", message: expect.stringMatching(/^Wrong preview_token: "0123456789abcdef0123456789abcdef" was not issued by this server/) } });
    // A refusal does not use the real token up.
    expect(tokens.claim(planToken(plan), plan).ok).toBe(true);
  });

  it("refuses a token for another plan, saying what differs", () => {
    const tokens = new BatchTokens();
    const { token } = tokens.issue(plan, targets);
    const message = (p: BatchPlan) => {
      const claim = tokens.claim(token, p);
      expect(claim).toMatchObject({ ok: false, refusal: { reason: "changed_plan" } });
      return claim.ok ? "" : claim.refusal.message;
    };
    expect(message(withItem(1, { body: { text: "Fixed!" } }))).toContain("(operations[1] differs)");
    expect(message({ ...plan, items: [...plan.items, plan.items[0]!] })).toContain("(4 operations now, 3 previewed)");
    expect(message({ ...plan, items: [plan.items[2]!, plan.items[1]!, plan.items[0]!] })).toContain("(the same operations in a different order)");
    expect(message({ ...plan, continueOnError: true })).toContain("(continue_on_error is true now, false in the preview)");
    expect(message({ ...plan, items: plan.items.slice(1) })).toMatch(/^Changed plan: .*\(2 operations now, 3 previewed; operations\[0\], operations\[1\] differ\)\. Nothing was sent\.$/);
    expect(tokens.claim(token, plan).ok).toBe(true);
  });

  it("expires a token after its lifetime on the injected clock; a new preview issues it fresh", () => {
    let now = Date.parse("2026-03-16T09:00:00Z");
    const tokens = new BatchTokens({ now: () => now });
    const { token } = tokens.issue(plan, targets);
    now += TOKEN_TTL_MS;
    expect(tokens.claim(token, plan).ok).toBe(true);
    tokens.release(token);
    now += 1;
    const late = tokens.claim(token, plan);
    expect(late).toMatchObject({ ok: false, refusal: { reason: "expired" } });
    expect(!late.ok && late.refusal.message).toBe("Stale preview_token: it expired at 2026-03-16T09:15:00Z (tokens last 15 minutes after the preview). Nothing was sent.");
    expect(tokens.issue(plan, targets).token).toBe(token);
    expect(tokens.claim(token, plan).ok).toBe(true);
  });

  it("can give a claimed token back when the run did not start", () => {
    const tokens = new BatchTokens();
    const { token } = tokens.issue(plan, targets);
    expect(tokens.claim(token, plan).ok).toBe(true);
    expect(tokens.claim(token, plan).ok).toBe(false);
    tokens.release(token);
    expect(tokens.claim(token, plan).ok).toBe(true);
  });
});
