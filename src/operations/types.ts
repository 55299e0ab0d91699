/**
 * A named operation as the generator resolves it from operations.yaml (generated/operations.json holds
 * them all) and as cw_operation runs it.
 */
export const OPERATION_CATEGORIES = [
  "Tickets",
  "Service Setup",
  "Companies",
  "Contacts",
  "Configurations",
  "Agreements",
  "Finance",
  "Time",
  "Projects",
  "Sales",
  "Procurement",
  "Scheduling",
  "Expenses",
  "Members",
  "Marketing",
  "System",
  "MSP Analytics",
] as const;

export type OperationCategory = (typeof OPERATION_CATEGORIES)[number];

/** Plain value types, and reference types resolved from a name through a cached look-up. */
export const VALUE_TYPES = ["string", "integer", "number", "boolean", "date", "integer_list", "string_list", "json", "conditions"] as const;
export const REFERENCE_TYPES = ["board", "status", "priority", "member", "company", "contact", "work_type", "work_role", "location", "department", "project_status", "opportunity_stage"] as const;
export type ParamType = (typeof VALUE_TYPES)[number] | (typeof REFERENCE_TYPES)[number];

/**
 * Where a caller's value goes:
 * - path: fills the path placeholder `target`;
 * - query: sets the query parameter `target`;
 * - condition: renders the handlebars `template` into a condition ANDed with the rest;
 * - child_condition: the same, into `childConditions` (filters on arrays such as a contact's emails);
 * - conditions: raw ConnectWise conditions ANDed with the rest (the caller's own filter);
 * - body: sets field `target` of an object body (POST/PUT);
 * - patch: becomes `{op: "replace", path: target, value}` of a PATCH body;
 * - body_object: the whole body (an object, an array of PATCH operations, or a JSON string of either);
 * - handler: read by the operation's handler (analytics), which makes its own calls.
 */
export type ParamPlacement = "path" | "query" | "condition" | "child_condition" | "conditions" | "body" | "patch" | "body_object" | "handler";

export interface OperationParam {
  name: string;
  type: ParamType;
  required: boolean;
  description: string;
  in: ParamPlacement;
  target?: string;
  template?: string;
  default?: string | number | boolean;
  enum?: string[];
  /** For date parameters: a date without a time means the end of that day (an inclusive "to" date). */
  endOfDay?: boolean;
}

export interface OperationDef {
  name: string;
  category: OperationCategory;
  description: string;
  /** read: GET; write: anything else (previewed unless confirmed). */
  kind: "read" | "write";
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path?: string;
  operationId?: string;
  /** Fixed query parameters (conditions ANDed with rendered ones). */
  query: Record<string, string>;
  /** Fixed body fields (object bodies) or fixed PATCH replacements. */
  body?: Record<string, unknown>;
  params: OperationParam[];
  /** For operations computed by a handler instead of one endpoint (analytics). */
  handler?: string;
}
