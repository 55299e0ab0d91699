/**
 * A ticket as the work simulation sees it: who it is assigned to, when it can be worked, how much
 * work it needs, and what happened to it (entries, waits, resolution). Service tickets and project
 * tickets share one id sequence, as they do in ConnectWise.
 */
import type { Row } from "../store.js";
import type { AgreementInfo } from "./agreements.js";
import type { CompanyInfo } from "./companies.js";
import type { MemberInfo } from "./members.js";
import type { BoardKey, Issue } from "./texts.js";

export interface WorkItem {
  kind: "ServiceTicket" | "ProjectTicket";
  /** Assigned once all tickets are planned, in order of entry. */
  id: number;
  summary: string;
  board: BoardKey;
  company: CompanyInfo;
  contact: Row;
  site: Row;
  agreement?: AgreementInfo;
  /** 0 = Priority 1 - Emergency … 3 = Priority 4 - Schedule Maintenance. */
  priority: number;
  enteredAt: number;
  enteredBy: string;
  /** When the ticket was acknowledged (SLA respond); work starts no earlier. */
  respondAt: number;
  /** When a resolution plan was set (SLA plan). */
  planAt?: number;
  /** When it should be resolved (SLA resolve); technicians work the earliest due first. */
  dueAt: number;
  /** Earliest start of work (an onsite visit's scheduled time, a project phase's start). */
  workFrom: number;
  /** Hours of work still needed; the ticket is resolved when it reaches zero. */
  effort: number;
  budgetHours?: number;
  assignee: MemberInfo;
  /** Placeholder values for the issue's texts. */
  vars: Record<string, string>;
  issue?: Issue;
  /** How it came in (phone, email, RMM alert ...). */
  source?: Row;
  /** Closed without work: a duplicate (cancelled) or an alert that cleared itself. */
  outcome?: "cancelled" | "autoResolved";
  /** Chance that a work session leaves it waiting on the client or a vendor. */
  waitChance: number;
  /** A project ticket's task name, its project and phase keys. */
  task?: string;
  projectKey?: number;
  phaseKey?: number;
  /** Work stops here (a project put on hold). */
  workUntil?: number;

  // What the simulation records.
  entries: number;
  hours: number;
  workers: MemberInfo[];
  firstWorkEnd?: number;
  lastWorkEnd?: number;
  lastWorker?: MemberInfo;
  waitingUntil: number;
  waitingOn?: "client" | "vendor";
  firstWaitAt?: number;
  minutesWaiting: number;
  resolvedAt?: number;
  resolvedBy?: string;
}

type WorkItemPlan = Omit<WorkItem, "id" | "entries" | "hours" | "workers" | "waitingUntil" | "minutesWaiting">;

/** A planned ticket, every field present in one order: the simulation reads tens of thousands of these. */
export function newWorkItem(f: WorkItemPlan): WorkItem {
  return {
    kind: f.kind, id: 0, summary: f.summary, board: f.board, company: f.company, contact: f.contact, site: f.site, agreement: f.agreement,
    priority: f.priority, enteredAt: f.enteredAt, enteredBy: f.enteredBy, respondAt: f.respondAt, planAt: f.planAt, dueAt: f.dueAt, workFrom: f.workFrom,
    effort: f.effort, budgetHours: f.budgetHours, assignee: f.assignee, vars: f.vars, issue: f.issue, source: f.source, outcome: f.outcome,
    waitChance: f.waitChance, task: f.task, projectKey: f.projectKey, phaseKey: f.phaseKey, workUntil: f.workUntil,
    entries: 0, hours: 0, workers: [], firstWorkEnd: undefined, lastWorkEnd: undefined, lastWorker: undefined, waitingUntil: 0, waitingOn: undefined,
    firstWaitAt: undefined, minutesWaiting: 0, resolvedAt: undefined, resolvedBy: undefined,
  };
}

const compiled = new Map<string, string[]>();

/** Replace {user}, {device} ... in a template (templates are split once; notes are filled tens of thousands of times). */
export function fill(template: string, vars: Record<string, string>): string {
  let parts = compiled.get(template);
  if (!parts) compiled.set(template, (parts = template.split(/\{(\w+)\}/)));
  let out = parts[0] ?? "";
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i]!;
    out += (vars[key] ?? `{${key}}`) + (parts[i + 1] ?? "");
  }
  return out;
}
