/**
 * Credentials never leave the process in text: every string that may reach the assistant, a log or an
 * error passes through a redactor that replaces the keys, the clientId and any Basic token.
 */
export type Redactor = (text: string) => string;

export function redactor(secrets: readonly string[]): Redactor {
  const sorted = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text.replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._-]+/gi, "$1 [redacted]");
    for (const secret of sorted) out = out.split(secret).join("[redacted]");
    return out;
  };
}

/** Apply a redactor to every string in a JSON-like value. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)])) as T;
  }
  return value;
}
