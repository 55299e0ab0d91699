/** Answers that show ConnectWise record text start with the data notice (src/format/untrusted.ts): check it, then read on. */
import { expect } from "vitest";
import { DATA_NOTICE } from "../../src/format/untrusted.js";

/** The answer after its first line, which must be the data notice. */
export function afterNotice(text: string): string {
  expect(text.split("\n")[0]).toBe(DATA_NOTICE);
  return text.slice(DATA_NOTICE.length + 1);
}
