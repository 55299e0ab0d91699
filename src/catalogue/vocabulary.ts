/**
 * The words of MSP questions: which to ignore, which are verbs naming a method, which MSP terms mean which
 * ConnectWise records. Data for search.ts; change a table here, then check `npx tsx scripts/search-rank.ts`
 * (and `-- --heldout`) before and after.
 */
import type { HttpMethod } from "./catalogue.js";

export const STOP_WORDS = new Set(
  ("a an the of for to in on by with and or me my i we our us is are am be been was were how do does did can could " +
    "should would will what which where who whom whose why when all any that this these those from at about there their " +
    "it its has have had per each every some into please up out give need want let you your via using use api endpoint " +
    "endpoints call calls record records data info details detail one single specific particular current currently " +
    "many much number definition definitions").split(" "),
);

/** Words that describe a filter on records (status, dates), not which endpoint: `open tickets` is GET /service/tickets. */
export const FILTER_WORDS = new Set(
  ("open closed unpaid paid overdue expired expiring expire expires pending active inactive late today yesterday " +
    "tomorrow week weekly month monthly year yearly last next recent recently latest waiting awaiting due soon " +
    "unassigned assigned other another two three past morning afternoon evening tonight now yet").split(" "),
);

/** Phrases rewritten before splitting into words: MSP wording → ConnectWise records. */
export const PHRASES: [RegExp, string][] = [
  [/\b(log|logged|enter|entered|record|track|tracked|book|booked)\s+(my\s+)?(time|hours)\b/g, "$1 time entry"],
  [/\b(time|hours)\s+(logged|spent|worked|entered|tracked)\b/g, "time entry"],
  [/\bhours worked\b/g, "time entry"],
  [/\b(to|awaiting|pending|waiting for|needing|needs?)\s+(approval|approve|approving)\b/g, ""],
  [/\bopen (a|an|new)\b/g, "create"],
  [/\bset up\b/g, "create"],
];

/** After one of these, the question names what the records belong to, not the records themselves. */
export const PREPOSITIONS = new Set("for of on in with by from to against under at about per like that which".split(" "));

/** Verbs that are also nouns: a verb only as the question's first word ("list boards" vs "holiday list"). */
export const ALSO_NOUNS = new Set([
  "list", "log", "post", "set", "check", "run", "change", "query", "search", "view", "book", "move", "record", "link", "fix",
]);

/** Verbs that say which HTTP method is meant. They are dropped from the text query. */
export const INTENT: Record<string, HttpMethod> = {
  create: "POST", add: "POST", new: "POST", make: "POST", post: "POST", insert: "POST", log: "POST", enter: "POST",
  book: "POST", register: "POST", subscribe: "POST", raise: "POST", record: "POST", generate: "POST", upload: "POST",
  link: "POST", attach: "POST",
  update: "PATCH", change: "PATCH", edit: "PATCH", modify: "PATCH", set: "PATCH", rename: "PATCH", patch: "PATCH",
  reassign: "PATCH", assign: "PATCH", move: "PATCH", close: "PATCH", resolve: "PATCH", reopen: "PATCH", escalate: "PATCH",
  fix: "PATCH", correct: "PATCH", adjust: "PATCH", reschedule: "PATCH",
  replace: "PUT", put: "PUT",
  delete: "DELETE", remove: "DELETE", erase: "DELETE", destroy: "DELETE", cancel: "DELETE",
  list: "GET", get: "GET", show: "GET", find: "GET", search: "GET", view: "GET", fetch: "GET", read: "GET", display: "GET",
  lookup: "GET", look: "GET", retrieve: "GET", see: "GET", query: "GET", check: "GET", run: "GET", download: "GET",
};

/**
 * What MSP people say → what ConnectWise calls it. Keys and values are stemmed words; a value with a
 * space is several words that must all match (`timesheet` → `time sheet`).
 */
export const SYNONYMS: Record<string, string[]> = {
  contract: ["agreement"],
  device: ["configuration"],
  asset: ["configuration"],
  computer: ["configuration"],
  laptop: ["configuration"],
  workstation: ["configuration"],
  server: ["configuration"],
  warranty: ["configuration"],
  config: ["configuration"],
  ci: ["configuration"],
  tech: ["member"],
  technician: ["member"],
  engineer: ["member"],
  employee: ["member"],
  staff: ["member"],
  user: ["member"],
  resource: ["member"],
  pto: ["accrual"],
  vacation: ["accrual"],
  leave: ["accrual"],
  client: ["company"],
  customer: ["company"],
  account: ["company"],
  timesheet: ["time sheet"],
  hour: ["time entry"],
  timecard: ["time sheet"],
  issue: ["ticket"],
  incident: ["ticket"],
  case: ["ticket"],
  request: ["ticket"],
  queue: ["board"],
  comment: ["note"],
  bill: ["invoice"],
  billing: ["invoice"],
  deal: ["opportunity"],
  lead: ["opportunity"],
  pipeline: ["opportunity"],
  po: ["purchase order"],
  supplier: ["vendor"],
  appointment: ["schedule entry"],
  calendar: ["schedule"],
  schedule: ["schedule entry"],
  dispatch: ["schedule entry"],
  kb: ["knowledge base"],
  article: ["knowledge base"],
  person: ["contact"],
  people: ["contact"],
  sku: ["catalog"],
  webhook: ["callback"],
  mileage: ["expense"],
  sow: ["project"],
  milestone: ["phase"],
  todo: ["task"],
  checklist: ["task"],
  email: ["communication"],
  phone: ["communication"],
  attachment: ["document"],
  file: ["document"],
  product: ["addition"],
  address: ["site"],
  hardware: ["product"],
  part: ["catalog", "product"],
  visit: ["schedule entry"],
  rmm: ["managed device"],
  duplicate: ["copy"],
  clone: ["copy"],
  response: ["result"],
  answer: ["result"],
  quickbook: ["accounting"],
};

/** The records MSP people mean when they name them without a module ("tickets" = service tickets). */
export const CORE_PATHS = new Set([
  "/service/tickets", "/company/companies", "/company/contacts", "/company/configurations", "/time/entries",
  "/time/sheets", "/finance/agreements", "/finance/invoices", "/system/members", "/project/projects",
  "/sales/opportunities", "/sales/activities", "/schedule/entries", "/procurement/purchaseorders",
  "/expense/entries", "/service/boards", "/time/accruals", "/procurement/catalog",
]);

export const COUNT_WORDS = new Set(["count", "total", "number"]);
