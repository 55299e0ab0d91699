import { describe, expect, it } from "vitest";
import { notesWithoutTime, statusChanges, statusSpans, timeWithoutNotes } from "../../../src/composites/audit-ticket.js";

const status = (from: string, to: string, at: string, by = "lcruz") => ({ text: `Status changed from "${from}" to "${to}"`, enteredDate: at, enteredBy: by, auditType: "Ticket", auditSubType: "Status", auditSource: "Member" });

describe("status history", () => {
  const trail = [
    status("Assigned", "In Progress", "2026-03-16T15:00:00Z"),
    { text: 'Owner changed from "" to "lcruz"', enteredDate: "2026-03-16T13:00:00Z", enteredBy: "dispatch", auditType: "Ticket", auditSubType: "Resource", auditSource: "Member" },
    status("New", "Assigned", "2026-03-16T14:00:00Z"),
    status("In Progress", "Closed", "2026-03-17T14:30:00Z"),
  ];

  it("reads status changes in time order and ignores other entries", () => {
    expect(statusChanges(trail).map((c) => `${c.from}>${c.to}@${c.at}`)).toEqual([
      "New>Assigned@2026-03-16T14:00:00Z",
      "Assigned>In Progress@2026-03-16T15:00:00Z",
      "In Progress>Closed@2026-03-17T14:30:00Z",
    ]);
  });

  it("turns them into contiguous spans with hours, the last running to the end", () => {
    const spans = statusSpans("2026-03-16T13:00:00Z", statusChanges(trail), "Closed", "2026-03-17T14:30:00Z", true);
    expect(spans.map((s) => [s.status, s.hours, s.current])).toEqual([
      ["New", 1, false],
      ["Assigned", 1, false],
      ["In Progress", 23.5, false],
      ["Closed", 0, false],
    ]);
    const open = statusSpans("2026-03-16T13:00:00Z", statusChanges(trail).slice(0, 2), "In Progress", "2026-03-16T18:15:00Z", false);
    expect(open.at(-1)).toEqual({ status: "In Progress", from: "2026-03-16T15:00:00Z", until: "2026-03-16T18:15:00Z", hours: 3.25, current: true });
  });

  it("with no changes, the ticket sat in its current status since entry", () => {
    expect(statusSpans("2026-03-16T13:00:00Z", [], "New", "2026-03-16T16:00:00Z", false)).toEqual([{ status: "New", from: "2026-03-16T13:00:00Z", until: "2026-03-16T16:00:00Z", hours: 3, current: true }]);
  });
});

describe("notes without time, time without notes", () => {
  const lcruz = { identifier: "lcruz" };
  it("matches a technician's note to their time on the same day in the MSP's zone, not UTC's", () => {
    // 04:30Z on the 16th is 23:30 on the 15th in Chicago; the time is on the 16th there.
    const notes = [
      { id: 1, dateCreated: "2026-03-16T04:30:00Z", member: lcruz, text: "late note" },
      { id: 2, dateCreated: "2026-03-16T20:00:00Z", member: lcruz, text: "afternoon note" },
      { id: 3, dateCreated: "2026-03-16T20:00:00Z", contact: { id: 9 }, text: "from the client" },
      { id: 4, dateCreated: "2026-03-16T20:00:00Z", createdBy: "rmm-integration", text: "alert text" },
    ];
    const entries = [{ id: 10, member: lcruz, timeStart: "2026-03-16T15:00:00Z", notes: "Fixed it properly" }];
    expect(notesWithoutTime(notes, entries, "America/Chicago").map((n) => n.id)).toEqual([1]);
    expect(notesWithoutTime(notes, entries, "UTC").map((n) => n.id)).toEqual([]);
  });

  it("flags time whose notes are empty or too short to say anything", () => {
    const entries = [{ id: 1, notes: "" }, { id: 2 }, { id: 3, notes: "  ok  " }, { id: 4, notes: "Replaced the toner" }];
    expect(timeWithoutNotes(entries).map((e) => e.id)).toEqual([1, 2, 3]);
  });
});
