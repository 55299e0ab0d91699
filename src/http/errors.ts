/**
 * One error type for everything that goes wrong talking to ConnectWise: the HTTP status, ConnectWise's
 * error code, its message and field errors, the request id, and a `hint` saying what to change. Its
 * message is built from redacted parts only, so it can be shown anywhere.
 */
export type CwErrorKind = "http" | "network" | "timeout" | "malformed" | "refused" | "config" | "cancelled";

export interface CwFieldError {
  code?: string;
  message: string;
  field?: string;
  resource?: string;
}

export interface CwErrorDetails {
  kind: CwErrorKind;
  status?: number;
  code?: string;
  message: string;
  fieldErrors?: CwFieldError[];
  requestId?: string;
  method?: string;
  path?: string;
  retryAfterSeconds?: number;
  hint?: string;
  attempts?: number;
}

export class CwApiError extends Error {
  readonly kind: CwErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly fieldErrors: CwFieldError[];
  readonly requestId?: string;
  readonly method?: string;
  readonly path?: string;
  readonly retryAfterSeconds?: number;
  readonly hint?: string;
  readonly attempts?: number;

  constructor(details: CwErrorDetails) {
    super(details.message);
    this.name = "CwApiError";
    this.kind = details.kind;
    this.fieldErrors = details.fieldErrors ?? [];
    for (const key of ["status", "code", "requestId", "method", "path", "retryAfterSeconds", "hint", "attempts"] as const) {
      if (details[key] !== undefined) (this as Record<string, unknown>)[key] = details[key];
    }
  }

  /** What the assistant reads: what happened, ConnectWise's own words, the fields, and what to do. */
  describe(): string {
    const where = this.method && this.path ? `${this.method} ${this.path}` : "The request";
    const status = this.status ? ` (HTTP ${this.status}${this.code ? ` ${this.code}` : ""})` : "";
    const lines = [`${where} failed${status}: ${this.message}`];
    for (const f of this.fieldErrors) lines.push(`  - ${f.field ? `${f.field}: ` : ""}${f.message}`);
    if (this.attempts && this.attempts > 1) lines.push(`Tried ${this.attempts} times.`);
    if (this.hint) lines.push(this.hint);
    if (this.requestId) lines.push(`ConnectWise request id: ${this.requestId}`);
    return lines.join("\n");
  }

  toJSON(): Record<string, unknown> {
    return {
      kind: this.kind,
      status: this.status,
      code: this.code,
      message: this.message,
      fieldErrors: this.fieldErrors,
      requestId: this.requestId,
      hint: this.hint,
    };
  }
}
