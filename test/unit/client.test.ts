import { describe, expect, expectTypeOf, it } from "vitest";
import { createCwClient, type CwClient } from "../../src/http/client.js";
import type { components } from "../../generated/schema.js";

/** A fetch that records requests and answers from a table instead of the network. */
function recordingFetch(body: unknown, status = 200) {
  const requests: Request[] = [];
  const fetch = async (input: Request) => {
    requests.push(input);
    return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
  };
  return { requests, fetch: fetch as typeof globalThis.fetch };
}

const apiUrl = "http://127.0.0.1:9/v4_6_release/apis/3.0";

describe("typed ConnectWise client", () => {
  it("builds the URL from the path template and query, and supplies clientId and the versioned Accept header", async () => {
    const { requests, fetch } = recordingFetch([{ id: 7, summary: "Printer down" }]);
    const client = createCwClient({ apiUrl: `${apiUrl}/`, clientId: "client-123", fetch });
    const { data } = await client.GET("/service/tickets/{parentId}/notes", {
      params: { path: { parentId: 42 }, query: { conditions: 'text contains "toner"', pageSize: 5 } },
    });
    expect(data).toEqual([{ id: 7, summary: "Printer down" }]);
    const [request] = requests;
    expect(request!.method).toBe("GET");
    expect(request!.url).toBe(`${apiUrl}/service/tickets/42/notes?conditions=text%20contains%20%22toner%22&pageSize=5`);
    expect(request!.headers.get("clientId")).toBe("client-123");
    expect(request!.headers.get("Accept")).toBe("application/vnd.connectwise.com+json; version=2025.1");
  });

  it("sends a typed PATCH body and pins another API version when configured", async () => {
    const { requests, fetch } = recordingFetch({ id: 9 });
    const client = createCwClient({ apiUrl, clientId: "c", apiVersion: "2024.1", fetch });
    await client.PATCH("/service/tickets/{id}", {
      params: { path: { id: 9 } },
      body: [{ op: "replace", path: "status", value: { name: "Closed" } }],
    });
    expect(requests[0]!.headers.get("Accept")).toBe("application/vnd.connectwise.com+json; version=2024.1");
    expect(await requests[0]!.json()).toEqual([{ op: "replace", path: "status", value: { name: "Closed" } }]);
  });

  it("types responses from the spec and refuses paths and parameters the spec does not have (checked by tsc)", () => {
    // Ticket.summary is required in the spec, Ticket.budgetHours optional and nullable.
    expectTypeOf<components["schemas"]["Ticket"]["summary"]>().toEqualTypeOf<string>();
    expectTypeOf<components["schemas"]["Ticket"]["budgetHours"]>().toEqualTypeOf<number | null | undefined>();

    // Never called: these lines exist for the type checker, which `npm test` runs first.
    const typeOnly = async (client: CwClient) => {
      const { data } = await client.GET("/service/tickets/{id}", { params: { path: { id: 1 } } });
      const ticket: components["schemas"]["Ticket"] | undefined = data;
      expect(ticket).toBeDefined();
      // @ts-expect-error: no such path in ConnectWise
      await client.GET("/service/tikets");
      // @ts-expect-error: the path parameter is missing
      await client.GET("/service/tickets/{id}", {});
      // @ts-expect-error: ids are numbers
      await client.GET("/service/tickets/{id}", { params: { path: { id: "one" } } });
      // @ts-expect-error: there is no `condition` query parameter (it is `conditions`)
      await client.GET("/service/tickets", { params: { query: { condition: "id = 1" } } });
      // @ts-expect-error: /service/tickets has no DELETE
      await client.DELETE("/service/tickets");
      // @ts-expect-error: clientId is supplied by the client, never per call
      await client.GET("/service/tickets", { params: { header: { clientId: "x" } } });
    };
    expect(typeof typeOnly).toBe("function");
  });
});
