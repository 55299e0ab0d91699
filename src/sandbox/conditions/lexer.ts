/**
 * Splits a conditions string into tokens (research §3.1). Symbolic operators need no surrounding
 * spaces (`closedFlag=false`); words (names, keywords) run until a character that cannot be in a name.
 */
import { syntaxError } from "./errors.js";
import { parseDateLiteral } from "./instant.js";

interface At {
  /** 0-based offset in the text. */
  index: number;
  /** The token as written. */
  text: string;
}

export type Token =
  | (At & { kind: "word"; segments: string[] })
  | (At & { kind: "operator" })
  | (At & { kind: "string"; value: string })
  | (At & { kind: "number"; value: number })
  | (At & { kind: "datetime"; value: number })
  | (At & { kind: "(" | ")" | "," | "end" });

const WORD_START = /[A-Za-z_]/;
const WORD_CHAR = /[A-Za-z0-9_]/;
const OPERATOR_CHAR = /[=!<>]/;
const SPACE = /\s/;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text.charAt(i);
    if (SPACE.test(c)) {
      i++;
    } else if (c === "(" || c === ")" || c === ",") {
      tokens.push({ kind: c, index: i, text: c });
      i++;
    } else if (c === '"' || c === "'") {
      i = readString(text, i, tokens);
    } else if (c === "[") {
      i = readDatetime(text, i, tokens);
    } else if (c === "-" || isDigit(c)) {
      i = readNumber(text, i, tokens);
    } else if (WORD_START.test(c)) {
      i = readWord(text, i, tokens);
    } else if (OPERATOR_CHAR.test(c)) {
      let end = i + 1;
      while (end < text.length && OPERATOR_CHAR.test(text.charAt(end))) end++;
      tokens.push({ kind: "operator", index: i, text: text.slice(i, end) });
      i = end;
    } else {
      throw syntaxError(text, i, `unexpected character ${JSON.stringify(c)}; strings go in quotes, datetimes in [brackets].`, 1);
    }
  }
  tokens.push({ kind: "end", index: text.length, text: "" });
  return tokens;
}

function isDigit(c: string): boolean {
  return c >= "0" && c <= "9";
}

/**
 * A quoted string. Backslash escapes the quote characters and itself; any other backslash is kept, so
 * `"C:\temp"` means what it says. How ConnectWise escapes quotes is undocumented (research §3.2.10).
 */
function readString(text: string, start: number, tokens: Token[]): number {
  const quote = text.charAt(start);
  let value = "";
  let i = start + 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === quote) {
      tokens.push({ kind: "string", index: start, text: text.slice(start, i + 1), value });
      return i + 1;
    }
    const next = text.charAt(i + 1);
    if (c === "\\" && (next === '"' || next === "'" || next === "\\")) {
      value += next;
      i += 2;
    } else {
      value += c;
      i++;
    }
  }
  throw syntaxError(
    text,
    start,
    `the string starting here is never closed; end it with ${quote} (write \\${quote} for a quote inside it).`,
  );
}

function readDatetime(text: string, start: number, tokens: Token[]): number {
  const close = text.indexOf("]", start);
  const end = close < 0 ? text.length : close + 1;
  const raw = text.slice(start, end);
  const body = close < 0 ? "" : text.slice(start + 1, close);
  const value = close < 0 ? NaN : parseDateLiteral(body);
  if (Number.isNaN(value)) {
    throw syntaxError(
      text,
      start,
      `${raw} is not a valid datetime; write [yyyy-mm-dd] or [yyyy-mm-ddThh:mm:ssZ] (UTC), e.g. [2025-01-31T17:00:00Z].`,
      raw.length,
    );
  }
  tokens.push({ kind: "datetime", index: start, text: raw, value });
  return end;
}

const NUMBER = /-?\d+(?:\.\d+)?/y;

function readNumber(text: string, start: number, tokens: Token[]): number {
  NUMBER.lastIndex = start;
  const match = NUMBER.exec(text)?.[0];
  let end = start + (match?.length ?? 0);
  const after = text.charAt(end);
  if (match === undefined || after === "." || WORD_CHAR.test(after)) {
    while (end < text.length && /[\w.-]/.test(text.charAt(end))) end++;
    const raw = text.slice(start, Math.max(end, start + 1));
    throw syntaxError(
      text,
      start,
      `${raw} is not a number; numbers are digits with an optional minus sign and decimal point, e.g. -12 or 3.5.`,
      raw.length,
    );
  }
  tokens.push({ kind: "number", index: start, text: match, value: Number(match) });
  return end;
}

/** A name or a path of names joined by `/` (`board/name`), or a keyword. */
function readWord(text: string, start: number, tokens: Token[]): number {
  const segments: string[] = [];
  let i = start;
  for (;;) {
    const from = i;
    while (i < text.length && WORD_CHAR.test(text.charAt(i))) i++;
    segments.push(text.slice(from, i));
    if (text.charAt(i) !== "/") break;
    if (!WORD_START.test(text.charAt(i + 1))) {
      throw syntaxError(text, start, `expected a field name after "/" in ${text.slice(start, i + 1)}.`, i + 1 - start);
    }
    i++;
  }
  tokens.push({ kind: "word", index: start, text: text.slice(start, i), segments });
  return i;
}
