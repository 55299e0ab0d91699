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

export function newWorkItem(fields: Omit<WorkItem, "id" | "entries" | "hours" | "workers" | "waitingUntil" | "minutesWaiting">): WorkItem {
  return { ...fields, id: 0, entries: 0, hours: 0, workers: [], waitingUntil: 0, minutesWaiting: 0 };
}

/** Replace {user}, {device} ... in a template. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => vars[key] ?? m);
}
