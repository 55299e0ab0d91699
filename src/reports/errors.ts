/**
 * What can go wrong running a web report, each with what to do about it. The kinds let tests and callers
 * tell them apart without matching on words; messages never carry the web password (the tool redacts anyway).
 */
export type ReportErrorKind =
  | "no-chromium"
  | "browser"
  | "credentials"
  | "bad-credentials"
  | "mfa"
  | "sso"
  | "not-found"
  | "bad-params"
  | "off-origin"
  | "timeout"
  | "cancelled"
  | "extract"
  | "definition";

export class ReportError extends Error {
  constructor(
    readonly kind: ReportErrorKind,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "ReportError";
  }

  describe(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}
