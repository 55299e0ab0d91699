import { describe, expect, it } from "vitest";
import { dashboardWindow, workingDaysSoFar } from "../../../src/composites/member-dashboard.js";

describe("dashboard week", () => {
  it("starts on the Sunday on or before today in the MSP's zone", () => {
    // Monday 2026-03-16 03:00Z is still Sunday the 15th in Chicago: the week starts that Sunday.
    const sunday = dashboardWindow(new Date("2026-03-16T03:00:00Z"), "America/Chicago", 1);
    expect(sunday.today.toISODate()).toBe("2026-03-15");
    expect(sunday.weekStart.toISODate()).toBe("2026-03-15");
    expect(workingDaysSoFar(sunday)).toBe(0);
    const wednesday = dashboardWindow(new Date("2026-03-18T15:00:00Z"), "America/Chicago", 3);
    expect(wednesday.weekStart.toISODate()).toBe("2026-03-15");
    expect(workingDaysSoFar(wednesday)).toBe(3);
    expect(wednesday.horizonEnd.toISODate()).toBe("2026-03-21");
  });

  it("counts a full week's working days on Saturday, across a DST change", () => {
    // US DST began 2026-03-08: the week of 03-08 has a 23-hour Sunday.
    const saturday = dashboardWindow(new Date("2026-03-14T18:00:00Z"), "America/Chicago", 1);
    expect(saturday.weekStart.toISO()).toBe("2026-03-08T00:00:00.000-06:00");
    expect(workingDaysSoFar(saturday)).toBe(5);
  });
});
