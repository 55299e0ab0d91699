/**
 * Free-form JSON arguments (request bodies) are walked recursively further on — date normalisation, previews,
 * redaction, plan hashing — so a value nested thousands of levels deep would overflow the stack there and come
 * back as "Maximum call stack size exceeded". ConnectWise bodies nest a handful of levels (a record, its
 * references, a PATCH list), so anything deeper than MAX_NESTING is refused where the arguments are checked.
 */
import { z } from "zod";

export const MAX_NESTING = 64;

/** Levels of objects and arrays in `value` (a scalar is 0, `{}` is 1), counted without recursion; stops at `stopAt`. */
export function nestingDepth(value: unknown, stopAt = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    const here = depth + 1;
    if (here > deepest) {
      deepest = here;
      if (deepest >= stopAt) return deepest;
    }
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, here]);
  }
  return deepest;
}

/** Any JSON, at most MAX_NESTING levels deep: the schema of request-body arguments. */
export const jsonArgument = z.unknown().superRefine((value, ctx) => {
  if (nestingDepth(value, MAX_NESTING + 1) > MAX_NESTING) {
    ctx.addIssue({
      code: "custom",
      message: `nests more than ${MAX_NESTING} levels of objects and arrays; ConnectWise bodies are a record with its references, or a PATCH list, a few levels deep: flatten it.`,
    });
  }
});
