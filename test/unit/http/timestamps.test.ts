import { describe, expect, it } from "vitest";
import { normaliseBodyDates, normaliseConditionDates, wholeSecondsUtc } from "../../../src/http/timestamps.js";

describe("timestamps sent to ConnectWise", () => {
  it.each([
    ["2025-01-01T10:00:00.123Z", "2025-01-01T10:00:00Z"],
    ["2025-01-01T10:00:00+02:00", "2025-01-01T08:00:00Z"],
    ["2025-01-01T10:00:00-0500", "2025-01-01T15:00:00Z"],
    ["2025-01-01 10:00", "2025-01-01T10:00:00Z"],
    ["2025-01-01T10:00:00Z", "2025-01-01T10:00:00Z"],
    ["Printer offline", "Printer offline"],
    ["2025-13-01T10:00:00Z", "2025-13-01T10:00:00Z"],
  ])("%s → %s", (input, output) => expect(wholeSecondsUtc(input)).toBe(output));

  it("rewrites condition literals but not quoted text", () => {
    expect(normaliseConditionDates('dateEntered > [2025-01-01] and lastUpdated < [2025-01-01T10:00:00.5+01:00] and summary contains "[2025-01-01]"')).toBe(
      'dateEntered > [2025-01-01T00:00:00Z] and lastUpdated < [2025-01-01T09:00:00Z] and summary contains "[2025-01-01]"',
    );
    expect(normaliseConditionDates("summary like '[[]x' and id = 1")).toBe("summary like '[[]x' and id = 1");
  });

  it("walks request bodies", () => {
    expect(normaliseBodyDates([{ op: "replace", path: "requiredDate", value: "2025-02-03T09:30:00.999-01:00" }])).toEqual([
      { op: "replace", path: "requiredDate", value: "2025-02-03T10:30:00Z" },
    ]);
  });
});
