import { describe, expect, it } from "vitest";
import { ParamValues, readParams } from "../../../src/analytics/params.js";
import { CwApiError } from "../../../src/http/errors.js";
import type { OperationDef, OperationParam } from "../../../src/operations/types.js";
import { ZONE } from "./fixtures.js";

const param = (p: Partial<OperationParam> & Pick<OperationParam, "name" | "type">): OperationParam => ({ required: false, description: `The ${p.name}`, in: "handler", ...p });
const op: OperationDef = {
  name: "some_report",
  category: "MSP Analytics",
  description: "A report under test.",
  kind: "read",
  query: {},
  handler: "some_report",
  params: [
    param({ name: "start", type: "date", default: "-30d" }),
    param({ name: "end", type: "date", default: "today", endOfDay: true }),
    param({ name: "member", type: "member" }),
    param({ name: "group_by", type: "string", default: "board", enum: ["board", "priority"] }),
    param({ name: "days", type: "integer", default: 90 }),
    param({ name: "flag", type: "boolean" }),
  ],
};
const lookups = {
  async resolve(_type: string, value: unknown, name: string) {
    if (value === "ana" || value === 1) return { id: 1, name: "Ana Lee", identifier: "ana" };
    throw new CwApiError({ kind: "refused", message: `Parameter "${name}": "${String(value)}" matches no member.` });
  },
};
// Noon on Monday 16 March 2026 in Chicago (daylight time since the 8th).
const now = new Date("2026-03-16T17:00:00Z");
const read = (raw: Record<string, unknown>) => readParams(op, raw, { lookups, zone: ZONE, now });
const refusal = async (raw: Record<string, unknown>) => {
  try {
    await read(raw);
  } catch (err) {
    if (err instanceof CwApiError) return `${err.message} ${err.hint ?? ""}`.trim();
    throw err;
  }
  throw new Error("expected a refusal");
};

describe("analytics params", () => {
  it("defaults: the last 30 days through today, in CW_TIMEZONE", async () => {
    const v = await read({});
    const w = v.window();
    expect(w.start.toISO()).toBe("2026-02-14T00:00:00.000-06:00");
    expect(w.end.toISO()).toBe("2026-03-17T00:00:00.000-05:00");
    expect(v.string("group_by")).toBe("board");
    expect(v.int("days")).toBe(90);
    expect(v.has("member")).toBe(false);
  });

  it("reads dates as the MSP's days and names through the look-ups", async () => {
    const v = await read({ start: "2026-03-01", end: "2026-03-07", member: "ana", group_by: "PRIORITY", days: "45", flag: "yes" });
    expect(v.window().start.toISO()).toBe("2026-03-01T00:00:00.000-06:00");
    // The last day is included: the range ends at the start of the next day.
    expect(v.window().end.toISO()).toBe("2026-03-08T00:00:00.000-06:00");
    expect(v.ref("member")).toEqual({ id: 1, name: "Ana Lee", identifier: "ana" });
    expect(v.string("group_by")).toBe("priority");
    expect(v.int("days")).toBe(45);
    expect(v.bool("flag")).toBe(true);
  });

  it("names the parameter and the fix when something is wrong", async () => {
    expect(await refusal({ strat: "-7d" })).toBe('some_report has no parameter "strat". It takes: start, end, member, group_by, days, flag.');
    expect(await refusal({ start: "last tuesday" })).toMatch(/^Parameter "start": "last tuesday" is not a date I can read\. Use 2025-03-01/);
    expect(await refusal({ group_by: "colour" })).toBe('Parameter "group_by": "colour" is not one of board, priority. Give one of: board, priority.');
    expect(await refusal({ days: "4.5" })).toBe('Parameter "days": "4.5" is not a whole number. The days.');
    expect(await refusal({ flag: "maybe" })).toBe('Parameter "flag": "maybe" is not true or false.');
    expect(await refusal({ member: "zed" })).toBe('Parameter "member": "zed" matches no member.');
    expect(() => ParamValues.of({}).window()).toThrow(/Parameter "start": is missing/);
  });

  it("refuses a start after the end, and numbers out of range", async () => {
    const v = await read({ start: "2026-03-10", end: "2026-03-01" });
    expect(() => v.window()).toThrow('Parameter "start": 2026-03-10 is not before end (2026-03-01).');
    expect(() => ParamValues.of({ days: 0 }).int("days", { min: 1, max: 730 })).toThrow('Parameter "days": 0 is out of range.');
  });

  it("a required parameter must be given", async () => {
    const strict = { ...op, params: [param({ name: "company", type: "company", required: true, description: "Company identifier or name" })] };
    await expect(readParams(strict, {}, { lookups, zone: ZONE, now })).rejects.toThrow('Parameter "company": is required.');
  });
});
