import { describe, expect, it } from "vitest";
import { assertUnderApiRoot, safeApiPath } from "../../../src/http/safe-path.js";

describe("safe API paths", () => {
  it.each([
    ["/service/tickets", "/service/tickets"],
    ["/service/tickets/123/notes/", "/service/tickets/123/notes"],
    ["/v4_6_release/apis/3.0/service/tickets", "/service/tickets"],
    ["/service/tickets/{id}", "/service/tickets/{id}"],
    ["/system/members/john.smith", "/system/members/john.smith"],
    ["/company/companies/A%20B", "/company/companies/A%20B"],
  ])("accepts %s as %s", (input, path) => expect(safeApiPath(input)).toBe(path));

  it.each([
    ["https://evil.example/service", /absolute URLs/],
    ["HTTP://evil.example", /absolute URLs/],
    ["javascript:alert(1)", /absolute URLs/],
    ["//evil.example/service", /names another host/],
    ["\\\\evil.example", /names another host/],
    ["service/tickets", /must start with \//],
    ["/service/../system", /\. and \.\. segments/],
    ["/service/./tickets", /\. and \.\. segments/],
    ["/service/%2e%2e/system", /percent-encoded/],
    ["/service/%2E./system", /percent-encoded/],
    ["/service%2fevil", /percent-encoded/],
    ["/service%5cevil", /percent-encoded/],
    ["/service/%252e%252e", /percent-encoded/],
    ["/service/%E0%A4%A", /broken percent-encoding/],
    ["/service\\..\\evil", /backslashes/],
    ["/service//evil", /empty segments/],
    ["/service/tickets?x=1", /\? or #/],
    ["/service/tickets#frag", /\? or #/],
    ["/service/tic\nkets", /control characters/],
    ["/service/\u0000", /control characters/],
    ["", /empty/],
  ])("refuses %j", (input, reason) => expect(() => safeApiPath(input)).toThrow(reason));

  it("checks the final URL is under the configured API root", () => {
    const api = "https://api-na.myconnectwise.net/v4_6_release/apis/3.0";
    expect(() => assertUnderApiRoot(new URL(`${api}/service/tickets`), api)).not.toThrow();
    expect(() => assertUnderApiRoot(new URL("https://evil.example/v4_6_release/apis/3.0/x"), api)).toThrow(/not under CW_API_URL/);
    expect(() => assertUnderApiRoot(new URL("https://api-na.myconnectwise.net/v4_6_release/login"), api)).toThrow(/not under CW_API_URL/);
    expect(() => assertUnderApiRoot(new URL("https://api-na.myconnectwise.net/v4_6_release/apis/3.0evil"), api)).toThrow();
  });
});
