/**
 * Syntax tree + field model → predicate. Everything that can be decided once (names, types, literals,
 * regular expressions) is decided here; the predicate only reads and compares.
 */
import { unknownName } from "./errors.js";
import { buildMatcher, type Matcher, type MatchOptions, type ScalarType } from "./match.js";
import { schemaFieldModel, type FieldModel, type FieldType, type ResolvedField } from "./model.js";
import { parseConditions, type Comparison, type ConditionNode } from "./parse.js";

export interface CompileOptions {
  /** ConnectWise runs on a case-insensitive SQL Server collation, so the default is false (research §3.2.8). */
  caseSensitive?: boolean;
}

export type Predicate = (record: unknown) => boolean;

/** A compiled node. `bound` holds, per array of a childConditions string, the element being tried. */
type Test = (record: unknown, bound: unknown[]) => boolean;

interface Context {
  model: FieldModel;
  options: MatchOptions;
  /** childConditions: the slot in `bound` for this array; conditions: undefined (any element will do). */
  slot?: (array: ResolvedField) => number;
}

const ALWAYS: Predicate = () => true;
const NOTHING_BOUND: unknown[] = [];

/** `conditions`: a comparison on a path through an array holds if it holds for any element. */
export function compileConditions(text: string, model: FieldModel, options: CompileOptions = {}): Predicate {
  if (text.trim() === "") return ALWAYS;
  const test = compileNode(parseConditions(text), { model, options: matchOptions(options) });
  return (record) => test(record, NOTHING_BOUND);
}

/**
 * `childConditions`: a record matches when one element of the array makes the whole expression true, so
 * `communicationItems/value like "john@*" and communicationItems/communicationType = "Email"` needs an
 * email item whose value is john's, not any email item plus any item for john (research §3.3). With paths
 * into two different arrays, some pair of elements must satisfy the expression together.
 */
export function compileChildConditions(text: string, model: FieldModel, options: CompileOptions = {}): Predicate {
  if (text.trim() === "") return ALWAYS;
  const arrays: { key: string; array: ResolvedField }[] = [];
  const slot = (array: ResolvedField) => {
    const key = array.path.join("/");
    let index = arrays.findIndex((a) => a.key === key);
    if (index < 0) index = arrays.push({ key, array }) - 1;
    return index;
  };
  const test = compileNode(parseConditions(text), { model, options: matchOptions(options), slot });
  const bound: unknown[] = new Array<unknown>(arrays.length);
  const tryFrom = (record: unknown, k: number): boolean => {
    const entry = arrays[k];
    if (!entry) return test(record, bound);
    const elements = entry.array.read(record);
    if (!Array.isArray(elements)) return false;
    let found = false;
    for (const element of elements) {
      bound[k] = element;
      if ((found = tryFrom(record, k + 1))) break;
    }
    bound[k] = undefined;
    return found;
  };
  return (record) => tryFrom(record, 0);
}

/** The custom fields every resource carries, as ConnectWise returns them (research §3.4). */
const CUSTOM_FIELD_MODEL = schemaFieldModel(
  {
    type: "object",
    properties: {
      id: { type: "integer" },
      caption: { type: "string" },
      type: { type: "string" },
      entryMethod: { type: "string" },
      numberOfDecimals: { type: "integer" },
      // Text, numbers, booleans, dates or objects, depending on the field's type.
      value: {},
      connectWiseId: { type: "string" },
    },
  },
  () => undefined,
);

/** `customFieldConditions`: a record matches when one of its custom fields satisfies the whole expression. */
export function compileCustomFieldConditions(text: string, options: CompileOptions = {}): Predicate {
  if (text.trim() === "") return ALWAYS;
  const test = compileNode(parseConditions(text), { model: CUSTOM_FIELD_MODEL, options: matchOptions(options) });
  return (record) => {
    const fields = typeof record === "object" && record !== null ? (record as { customFields?: unknown }).customFields : undefined;
    if (!Array.isArray(fields)) return false;
    for (const field of fields) if (test(field, NOTHING_BOUND)) return true;
    return false;
  };
}

function matchOptions(options: CompileOptions): MatchOptions {
  return { caseSensitive: options.caseSensitive ?? false };
}

function compileNode(node: ConditionNode, context: Context): Test {
  if (node.kind === "comparison") return compileComparison(node, context);
  const tests = node.items.map((item) => compileNode(item, context));
  const [first, second] = tests;
  if (node.kind === "and") {
    if (!first) return () => true;
    if (!second) return first;
    if (tests.length === 2) return (r, b) => first(r, b) && second(r, b);
    return (r, b) => tests.every((t) => t(r, b));
  }
  if (!first) return () => false;
  if (!second) return first;
  if (tests.length === 2) return (r, b) => first(r, b) || second(r, b);
  return (r, b) => tests.some((t) => t(r, b));
}

function compileComparison(node: Comparison, context: Context): Test {
  const field = comparable(context.model.resolve(node.segments));
  if (!field) throw unknownName(node.path);
  const match = buildMatcher(field.type as ScalarType, node.operator, node.negated, node.value, context.options);
  const via = field.via;
  if (!via) {
    const read = field.read;
    return (record) => match(read(record));
  }
  if (context.slot) {
    const slot = context.slot(via.array);
    const rest = via.rest;
    return (_record, bound) => anyValue(rest, bound[slot], match);
  }
  return (record) => anyValue(field, record, match);
}

const SCALAR: ReadonlySet<FieldType> = new Set(["string", "number", "boolean", "datetime", "any"]);

/**
 * The field as something a literal can be compared with, or undefined. Whole objects (`company = 5`) are
 * not comparable: ConnectWise calls them unrecognized names. An array of plain values compares element-wise.
 */
function comparable(field: ResolvedField | undefined): ResolvedField | undefined {
  if (!field || SCALAR.has(field.type)) return field;
  if (field.type !== "array") return undefined;
  if (field.via) {
    const rest = comparable(field.via.rest);
    return rest && { ...field, type: rest.type, via: { array: field.via.array, rest } };
  }
  const element = field.element?.resolve([]);
  if (!element || !SCALAR.has(element.type)) return undefined;
  return { ...field, type: element.type, via: { array: field, rest: element } };
}

/** Whether any value reached along `field` matches; an empty or missing array reads as one missing value. */
function anyValue(field: ResolvedField, record: unknown, match: Matcher): boolean {
  const via = field.via;
  if (!via) return match(field.read(record));
  const elements = via.array.read(record);
  if (!Array.isArray(elements) || elements.length === 0) return anyValue(via.rest, undefined, match);
  for (const element of elements) if (anyValue(via.rest, element, match)) return true;
  return false;
}
