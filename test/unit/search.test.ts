import { describe, expect, it } from "vitest";
import { ftsQuery, parseQuery, search } from "../../src/catalogue/search.js";
import { builtCatalogue } from "../helpers/catalogue.js";

const top = (query: string, options = {}) => search(builtCatalogue(), query, { limit: 5, ...options }).map((r) => `${r.method} ${r.path}`);

describe("reading a question", () => {
  it("takes the method from the verb and drops filler and filter words", () => {
    expect(parseQuery("please create a new ticket")).toMatchObject({ method: "POST", groups: [{ word: "ticket" }] });
    expect(parseQuery("how do I delete a contact").method).toBe("DELETE");
    expect(parseQuery("show me open tickets from today").groups.map((g) => g.word)).toEqual(["ticket"]);
    expect(parseQuery("how many tickets").wantsCount).toBe(true);
  });

  it("reads a verb that is also a noun as a noun after the first word", () => {
    expect(parseQuery("list boards").method).toBe("GET");
    expect(parseQuery("holiday list")).toMatchObject({ groups: [{ word: "holiday" }, { word: "list" }] });
    expect(parseQuery("holiday list").method).toBeUndefined();
  });

  it("expands MSP words into ConnectWise ones", () => {
    const alternatives = (q: string) => parseQuery(q).groups.map((g) => g.alternatives.map((a) => a.join(" ")));
    expect(alternatives("contract")).toEqual([["contract", "agreement"]]);
    expect(alternatives("devices")).toEqual([["device", "configuration"]]);
    expect(alternatives("tech")).toEqual([["tech", "member"]]);
    expect(alternatives("PTO")).toEqual([["pto", "accrual"]]);
    expect(alternatives("customers")).toEqual([["customer", "company"]]);
    expect(alternatives("timesheet")).toEqual([["timesheet", "time sheet"]]);
    expect(parseQuery("log time").groups.map((g) => g.word)).toEqual(["time", "entry"]);
  });

  it("marks the head noun: what is asked for, not what it belongs to", () => {
    const heads = (q: string) => parseQuery(q).groups.filter((g) => g.head).map((g) => g.word);
    expect(heads("notes on a ticket")).toEqual(["note"]);
    expect(heads("ticket priorities")).toEqual(["priority"]);
  });

  it("quotes every term, so a question cannot inject FTS syntax", () => {
    const query = ftsQuery(parseQuery('tickets" OR * NEAR(x')?.groups);
    expect(query).toBe('"ticket"* OR "near"*');
    expect(() => search(builtCatalogue(), 'tickets" OR * NEAR(x')).not.toThrow();
  });
});

describe("ranking", () => {
  it("puts the collection ahead of its /count, /info and /usages variants", () => {
    const results = top("service boards");
    expect(results[0]).toBe("GET /service/boards");
    expect(results.findIndex((r) => r.endsWith("/count"))).toBe(-1);
  });

  it("puts /count first when asked how many", () => {
    expect(top("how many companies")[0]).toBe("GET /company/companies/count");
  });

  it("prefers the method the verb asks for", () => {
    expect(top("create a contact")[0]).toBe("POST /company/contacts");
    expect(top("remove a configuration")[0]).toBe("DELETE /company/configurations/{id}");
    expect(top("update an agreement")[0]).toBe("PATCH /finance/agreements/{id}");
  });

  it("understands the words MSP people use", () => {
    expect(top("contracts")[0]).toBe("GET /finance/agreements");
    expect(top("assets")[0]).toBe("GET /company/configurations");
    expect(top("technicians")[0]).toBe("GET /system/members");
    expect(top("customers")[0]).toBe("GET /company/companies");
  });

  it("finds an endpoint by its path, concrete or templated", () => {
    expect(top("/service/tickets/123/notes")[0]).toBe("GET /service/tickets/{parentId}/notes");
    expect(top("PATCH /service/tickets/{ticketId}")[0]).toBe("PATCH /service/tickets/{id}");
  });

  it("applies the method and category filters strictly", () => {
    expect(top("tickets", { method: "DELETE" }).every((r) => r.startsWith("DELETE "))).toBe(true);
    expect(search(builtCatalogue(), "tickets", { category: "project", limit: 10 }).every((r) => r.category === "project")).toBe(true);
  });

  it("returns nothing for a question with no content words", () => {
    expect(top("how do I")).toEqual([]);
  });

  it("shows summaries without .NET namespaces", () => {
    expect(search(builtCatalogue(), "service tickets", { limit: 1 })[0]!.summary).toBe("Get List of Ticket");
  });
});
