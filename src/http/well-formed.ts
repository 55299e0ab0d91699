/**
 * Text that cannot go into a URL: an unpaired UTF-16 surrogate (half of an emoji or another character outside
 * the Basic Multilingual Plane). JSON carries one as `\ud800`, but encodeURIComponent throws "URI malformed"
 * on it, so a path or query parameter holding one is refused with the parameter's name instead.
 */
import { CwApiError } from "./errors.js";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A refusal naming `what` (`the query parameter "conditions"`) when `text` cannot be put in a URL; else undefined. */
export function urlTextProblem(what: string, text: string, at: { method?: string; path?: string } = {}): CwApiError | undefined {
  const match = LONE_SURROGATE.exec(text);
  if (!match) return undefined;
  return new CwApiError({
    kind: "refused",
    ...at,
    message: `${what} holds half of a character (an unpaired surrogate, \\u${match[0].charCodeAt(0).toString(16)}) at position ${match.index + 1}; it cannot be sent in a URL, so nothing was sent.`,
    hint: "Retype the text without it, or with the whole character (both halves of an emoji).",
  });
}
