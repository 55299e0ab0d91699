/**
 * The server sends credentials to exactly one place: CW_API_URL's origin, under its API root. Paths come
 * from tools (ultimately from a language model), so anything that could leave that place is refused
 * before a request is built: absolute URLs, `//host`, backslashes, `.` and `..` segments, percent-encoded
 * versions of any of these, control characters, and a query or fragment smuggled into the path. Servers
 * that are lenient about paths get no way in either: segments a Windows or Java server reads as `..`
 * (`...`, `.. `, `..;x`) and characters that Unicode normalisation turns into a separator or a dot
 * (full-width `／`, `．`, `＼`, the two-dot leader `‥`) are refused too.
 */
import { CwApiError } from "./errors.js";

const API_ROOT_RE = /^\/v\d+_\d+_release\/apis\/3\.0(?=\/|$)/i;

export function refusePath(path: string, reason: string): CwApiError {
  return new CwApiError({
    kind: "refused",
    message: `Refused the path ${JSON.stringify(path.slice(0, 200))}: ${reason}`,
    hint: "Give a path under the API root, such as /service/tickets/123; put query parameters in the query/params argument.",
  });
}

/** A clean API-relative path (`/service/tickets/5`), or a refusal saying why. */
export function safeApiPath(input: string): string {
  if (typeof input !== "string" || input.trim() === "") throw refusePath(String(input), "it is empty.");
  const path = input.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) throw refusePath(path, "absolute URLs are not accepted; the server only talks to CW_API_URL.");
  if (path.startsWith("//") || path.startsWith("\\")) throw refusePath(path, "a path starting with // or \\ names another host.");
  if (!path.startsWith("/")) throw refusePath(path, "it must start with /.");
  if (/[\u0000-\u001f\u007f]/.test(path)) throw refusePath(path, "it contains control characters.");
  if (path.includes("?") || path.includes("#")) throw refusePath(path, "it contains ? or #; pass query parameters separately.");
  // Nothing legitimate percent-encodes a separator or a dot; doing so is how `..` or `/` sneak past checks.
  if (/%(2f|5c|2e|3f|23|25|00)/i.test(path)) throw refusePath(path, "percent-encoded /, \\, ., ?, # or % are not accepted.");
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    throw refusePath(path, "it has a broken percent-encoding.");
  }
  if (/[\u0000-\u001f\u007f]/.test(decoded)) throw refusePath(path, "it contains percent-encoded control characters.");
  // What a server that folds Unicode (NFKC) would read: it must have the separators and dots the path shows.
  const folded = decoded.normalize("NFKC");
  if (structure(folded) !== structure(decoded)) throw refusePath(path, "it has characters that read as /, \\, ., ?, #, % or : once Unicode is normalised (full-width or compatibility forms).");
  if (decoded.includes("\\")) throw refusePath(path, "backslashes are not accepted.");
  if (decoded.split("/").some(isDotSegment)) throw refusePath(path, ". and .. segments are not accepted (nor segments a server could read as one: ..., \"..;x\", \".. \").");
  if (decoded.slice(1).includes("//")) throw refusePath(path, "empty segments (//) are not accepted.");
  const relative = path.replace(API_ROOT_RE, "");
  return relative === "" ? "/" : relative.replace(/\/+$/, "") || "/";
}

/** The characters that give a path its shape. */
function structure(s: string): string {
  return s.replace(/[^/\\.?#%:;@]/g, "");
}

/** `.` or `..`, also as servers that trim trailing dots and spaces (Windows) or drop `;params` (Java) read them. */
function isDotSegment(segment: string): boolean {
  const bare = segment.split(";")[0]!;
  return bare !== "" && /^[.\s]+$/.test(bare) && bare.includes(".");
}

/** The final URL must still be under the API root of the configured origin (defence in depth). */
export function assertUnderApiRoot(url: URL, apiUrl: string): void {
  const base = new URL(apiUrl);
  const root = base.pathname.replace(/\/+$/, "");
  if (url.origin !== base.origin || !(url.pathname === root || url.pathname.startsWith(`${root}/`))) {
    throw new CwApiError({ kind: "refused", message: `Refused to send a request to ${url.origin}${url.pathname}: it is not under CW_API_URL.` });
  }
}
