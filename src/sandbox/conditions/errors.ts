/**
 * The errors a bad `conditions` string earns. ConnectWise answers them all with 400 and code
 * `ApiFindCondition` (research §3.2, §5.2); the message is the whole explanation the caller gets.
 */
export class ConditionError extends Error {
  readonly code = "ApiFindCondition";

  constructor(message: string) {
    super(message);
    this.name = "ConditionError";
  }
}

/** A name the record model does not have, with the path exactly as the caller typed it [OBS S9]. */
export function unknownName(pathAsTyped: string): ConditionError {
  return new ConditionError(`${pathAsTyped} is not a recognized name.`);
}

/** The words ConnectWise uses for value kinds in its type-mismatch message. */
export type ValueWord = "string" | "numeric" | "boolean" | "datetime";

/** ConnectWise's own wording (quoted by covenanttechnologysolutions/connectwise-rest), kinds filled in. */
export function typeMismatch(expected: ValueWord, got: ValueWord): ConditionError {
  return new ConditionError(
    `Expected a ${expected} value, not a ${got}. String values should be enclosed with double or single quotes; ` +
      "DateTime values should be enclosed in square brackets; numbers should consist of only digits, and optionally a " +
      "decimal point and a negation sign; boolean values should be indicated with the keywords true or false; null " +
      "values should be indicated by the keyword null.",
  );
}

const EXCERPT_LENGTH = 20;

/**
 * A syntax error. ConnectWise's own parser messages are not documented, so ours say where (1-based
 * position and the text found there) and what was expected, which is what a caller needs to fix the string.
 * `length` is the length of the offending token; without it the excerpt runs to the next space.
 */
export function syntaxError(text: string, index: number, problem: string, length?: number): ConditionError {
  const rest = text.slice(index).trimEnd();
  if (rest.length === 0) {
    return new ConditionError(`Invalid conditions at position ${text.trimEnd().length + 1} (at the end): ${problem}`);
  }
  const token = length !== undefined && length > 0 ? rest.slice(0, length) : (/^\S+/.exec(rest)?.[0] ?? rest);
  const near = token.length > EXCERPT_LENGTH ? `${token.slice(0, EXCERPT_LENGTH)}…` : token;
  return new ConditionError(`Invalid conditions at position ${index + 1} (near ${JSON.stringify(near)}): ${problem}`);
}
