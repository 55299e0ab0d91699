/** A local store refused something or cannot be used: the message says what (naming the file or query), the hint what to do. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "StoreError";
  }

  describe(): string {
    return this.hint ? `${this.message}\n${this.hint}` : this.message;
  }
}
