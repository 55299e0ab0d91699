/**
 * The ConnectWise query language of list endpoints: `conditions`, `childConditions` and
 * `customFieldConditions` (research §3.1–3.4), compiled once per request into record predicates.
 */
export { ConditionError } from "./errors.js";
export { schemaFieldModel, type FieldModel, type FieldType, type ResolvedField } from "./model.js";
export { parseConditions, type Comparison, type ConditionNode, type Literal, type Operator } from "./parse.js";
export {
  compileChildConditions,
  compileConditions,
  compileCustomFieldConditions,
  type CompileOptions,
  type Predicate,
} from "./compile.js";
