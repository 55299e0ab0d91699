import { describe, expect, it } from "vitest";
import { pathWords, splitCompound, splitWords, stem } from "../../src/catalogue/words.js";

describe("words", () => {
  it.each([
    ["timeEntries", ["time", "entries"]],
    ["/service/tickets/{id}/notes", ["service", "tickets", "id", "notes"]],
    ["SLAs", ["slas"]],
    ["getServiceTicketsById", ["get", "service", "tickets", "by", "id"]],
    ["HTTPRequest", ["http", "request"]],
    ["Agreement.Adjustment", ["agreement", "adjustment"]],
  ])("splits %s", (text, words) => expect(splitWords(text)).toEqual(words));

  it.each([
    ["entries", "entry"],
    ["statuses", "status"],
    ["companies", "company"],
    ["addresses", "address"],
    ["purchases", "purchase"],
    ["boards", "board"],
    ["status", "status"],
    ["analysis", "analysis"],
    ["sla", "sla"],
  ])("folds %s onto %s", (word, stemmed) => expect(stem(word)).toBe(stemmed));

  const vocabulary = new Set(["time", "entries", "purchase", "order", "ticket", "stopwatch", "line", "items"]);
  it.each([
    ["timeentries", ["time", "entries"]],
    ["purchaseorders", ["purchase", "orders"]],
    ["ticketstopwatches", ["ticket", "stopwatches"]],
    ["lineitems", ["line", "items"]],
    ["tickets", ["tickets"]],
    ["zzzzzzzzz", ["zzzzzzzzz"]],
  ])("splits the run-together word %s with the API's vocabulary", (word, parts) => {
    expect(splitCompound(word, vocabulary)).toEqual(parts);
  });

  it("lists a path's words without placeholders", () => {
    expect(pathWords("/procurement/purchaseorders/{parentId}/lineitems", vocabulary)).toEqual(["procurement", "purchase", "orders", "line", "items"]);
  });
});
