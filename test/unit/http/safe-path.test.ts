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
    // An @ or : inside a path is a path character under the API root, never an authority.
    ["/@127.0.0.1:8080/x", "/@127.0.0.1:8080/x"],
    ["/system/members/o'brien.x", "/system/members/o'brien.x"],
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
    // Control characters, percent-encoded (CRLF header smuggling, NUL).
    ["/service/tickets%0d%0aHost:%20127.0.0.1", /percent-encoded control characters/],
    ["/service/tickets%09", /percent-encoded control characters/],
    ["/service/tickets%7F", /percent-encoded control characters/],
    // What a lenient server reads as ..: trailing dots and spaces (Windows), ;params (Java).
    ["/service/.../system", /\. and \.\. segments/],
    ["/service/..%20/system", /\. and \.\. segments/],
    ["/service/..;x/system", /\. and \.\. segments/],
    ["/service/.;/system", /\. and \.\. segments/],
    // Full-width and compatibility forms that NFKC folds into separators and dots.
    ["/service\uff0f..\uff0fsystem", /Unicode is normalised/],
    ["/service/\uff0e\uff0e/system", /Unicode is normalised/],
    ["/service\uff3csystem", /Unicode is normalised/],
    ["/service/\u2025/system", /Unicode is normalised/],
    ["/service/\ufe52\ufe52/system", /Unicode is normalised/],
    ["/service/%EF%BC%8E%EF%BC%8E/system", /Unicode is normalised/],
    ["/service/tickets\uff1f1", /Unicode is normalised/],
    // Overlong UTF-8 and IIS %u escapes do not decode.
    ["/service/%c0%ae%c0%ae/system", /broken percent-encoding/],
    ["/service/%u002e%u002e/system", /broken percent-encoding/],
    ["@127.0.0.1/x", /must start with \//],
    ["file:///etc/passwd", /absolute URLs/],
    ["data:text/plain,x", /absolute URLs/],
    ["https://api-na.myconnectwise.net@127.0.0.1/x", /absolute URLs/],
  ])("refuses %j", (input, reason) => expect(() => safeApiPath(input)).toThrow(reason));

  it("checks the final URL is under the configured API root", () => {
    const api = "https://api-na.myconnectwise.net/v4_6_release/apis/3.0";
    expect(() => assertUnderApiRoot(new URL(`${api}/service/tickets`), api)).not.toThrow();
    expect(() => assertUnderApiRoot(new URL("https://evil.example/v4_6_release/apis/3.0/x"), api)).toThrow(/not under CW_API_URL/);
    expect(() => assertUnderApiRoot(new URL("https://api-na.myconnectwise.net/v4_6_release/login"), api)).toThrow(/not under CW_API_URL/);
    expect(() => assertUnderApiRoot(new URL("https://api-na.myconnectwise.net/v4_6_release/apis/3.0evil"), api)).toThrow();
  });
});
