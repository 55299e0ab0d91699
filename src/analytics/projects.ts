/**
 * Projects: budget burn, and how far each phase has got.
 *
 * Budget burn, per project:
 *   burn %      = actualHours ÷ budgetHours
 *   complete %  = Σ budgetHours of its closed project tickets ÷ Σ budgetHours of all its tickets (earned value
 *                 in hours; ConnectWise's own percentComplete when the tickets carry no budgets)
 *   efficiency  = earned hours ÷ actual hours, earned hours = complete % × budgetHours (1 = on plan, < 1 = over)
 *   forecast    = actualHours ÷ complete % (hours at completion at the pace so far); variance = forecast − budget
 *   flags       = over budget (actual > budget), burning ahead (burn − complete > 10 points), late (estimated end passed)
 *
 * Phase completion, per phase: closed tickets ÷ tickets; hours actual vs the phase budget; late when the
 * deadline has passed and the phase is not complete.
 */
import { num, text } from "../composites/read.js";
import { nameOf } from "../composites/show.js";
import type { Resolved } from "../operations/lookups.js";
import { calendarDay } from "./common.js";
import type { AnalyticsReader } from "./read.js";
import { pct, percent, round2, table } from "./table.js";
import { define, type ChartSpec, type Env, type Rec } from "./types.js";
import { name } from "../format/untrusted.js";

type Which = "open" | "closed" | "all";

interface ProjectParams {
  which: Which;
  company?: Resolved;
  project?: number;
}

const PROJECT_FIELDS = "id,name,company/id,company/name,status/name,manager/identifier,budgetHours,actualHours,percentComplete,estimatedEnd,billingMethod,closedFlag";
const TICKET_FIELDS = "id,project/id,phase/id,phase/name,closedFlag,budgetHours,actualHours";

function projectsOf(read: AnalyticsReader, p: ProjectParams): Promise<Rec[]> {
  const parts: string[] = [];
  if (p.project !== undefined) parts.push(`id = ${p.project}`);
  else if (p.which !== "all") parts.push(`closedFlag = ${p.which === "closed"}`);
  if (p.company) parts.push(`company/id = ${p.company.id}`);
  return read.all("/project/projects", { ...(parts.length ? { conditions: parts.join(" and ") } : {}), fields: PROJECT_FIELDS }, 2000);
}

async function ticketsOf(read: AnalyticsReader, projects: Rec[]): Promise<Rec[]> {
  if (projects.length === 0) return [];
  // A few hundred ids per condition keeps the query string short; the chunks go out together.
  const ids = projects.map((p) => Number(p.id));
  const chunks: number[][] = [];
  for (let i = 0; i < ids.length; i += 200) chunks.push(ids.slice(i, i + 200));
  return (await Promise.all(chunks.map((c) => read.all("/project/tickets", { conditions: `project/id in (${c.join(",")})`, fields: TICKET_FIELDS })))).flat();
}

function parseProjects(v: import("./params.js").ParamValues): ProjectParams {
  return { which: (v.string("status") ?? "open") as Which, ...(v.ref("company") ? { company: v.ref("company")! } : {}), ...(v.int("project_id", { min: 1 }) !== undefined ? { project: v.int("project_id")! } : {}) };
}

export interface Burn {
  id: number;
  name: string;
  company: string;
  status: string;
  manager: string;
  budget_hours: number;
  actual_hours: number;
  remaining_hours: number;
  burn_pct: number | null;
  complete_pct: number | null;
  complete_basis: "tickets" | "percentComplete" | "none";
  connectwise_percent_complete: number | null;
  efficiency: number | null;
  forecast_hours: number | null;
  variance_hours: number | null;
  estimated_end: string | null;
  flags: string[];
}

export function budgetBurn(projects: Rec[], tickets: Rec[], env: Env): Burn[] {
  const byProject = new Map<number, Rec[]>();
  for (const t of tickets) {
    const id = num(t, "project.id");
    if (id === undefined) continue;
    const list = byProject.get(id);
    if (list) list.push(t);
    else byProject.set(id, [t]);
  }
  const today = env.now.startOf("day");
  return projects
    .map((p): Burn => {
      const own = byProject.get(Number(p.id)) ?? [];
      const budget = num(p, "budgetHours") ?? 0;
      const actual = num(p, "actualHours") ?? 0;
      const ticketBudget = own.reduce((s, t) => s + (num(t, "budgetHours") ?? 0), 0);
      const earnedBudget = own.filter((t) => t.closedFlag === true).reduce((s, t) => s + (num(t, "budgetHours") ?? 0), 0);
      const cwPct = num(p, "percentComplete") ?? null;
      const basis: Burn["complete_basis"] = ticketBudget > 0 ? "tickets" : cwPct !== null ? "percentComplete" : "none";
      const complete = basis === "tickets" ? round2((earnedBudget / ticketBudget) * 100) : basis === "percentComplete" ? cwPct : null;
      const burn = percent(actual, budget);
      const earnedHours = complete !== null ? (complete / 100) * budget : null;
      const forecast = complete !== null && complete > 0 ? round2(actual / (complete / 100)) : null;
      const end = calendarDay(p.estimatedEnd, env.zone);
      const flags: string[] = [];
      if (budget > 0 && actual > budget) flags.push("over budget");
      else if (burn !== null && complete !== null && burn - complete > 10) flags.push("burning ahead of progress");
      if (p.closedFlag !== true && end && end < today) flags.push("past estimated end");
      return {
        id: Number(p.id), name: String(p.name ?? ""), company: nameOf(p.company), status: nameOf(p.status), manager: text(p, "manager.identifier") ?? "",
        budget_hours: round2(budget), actual_hours: round2(actual), remaining_hours: round2(budget - actual), burn_pct: burn, complete_pct: complete, complete_basis: basis,
        connectwise_percent_complete: cwPct, efficiency: earnedHours !== null && actual > 0 ? round2(earnedHours / actual) : null,
        forecast_hours: forecast, variance_hours: forecast !== null ? round2(forecast - budget) : null, estimated_end: end?.toISODate() ?? null, flags,
      };
    })
    .sort((a, b) => gap(b) - gap(a) || a.id - b.id);
}

/** How far hours run ahead of progress, in percentage points. */
function gap(r: Burn): number {
  return (r.burn_pct ?? 0) - (r.complete_pct ?? 0);
}

function burnChart(rows: Burn[]): ChartSpec {
  const label = (r: Burn) => `#${r.id} ${r.name}`.slice(0, 40);
  const values = rows.slice(0, 30).flatMap((r) => [
    { project: label(r), measure: "Hours used", pct: r.burn_pct ?? 0 },
    { project: label(r), measure: "Work done", pct: r.complete_pct ?? 0 },
  ]);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Project budget burn against progress", subtitle: "Hours used (burn) and work done (complete) as % of budget; hours ahead of work means an overrun. Dashed: 100 %." },
    width: 520,
    height: { step: 12 },
    layer: [
      {
        data: { values },
        mark: "bar",
        encoding: {
          y: { field: "project", type: "nominal", sort: rows.map(label), title: null },
          yOffset: { field: "measure" },
          x: { field: "pct", type: "quantitative", title: "% of budget" },
          color: { field: "measure", type: "nominal", title: null, scale: { range: ["#c0392b", "#2f6fb3"] } },
        },
      },
      { data: { values: [{ x: 100 }] }, mark: { type: "rule", strokeDash: [4, 3], color: "#555" }, encoding: { x: { field: "x", type: "quantitative" } } },
    ],
  };
}

const burn = define<ProjectParams, { projects: Rec[]; tickets: Rec[] }>({
  name: "project_budget_burn",
  params: ["status", "company", "project_id", "chart"],
  parse: parseProjects,
  plan: (p, { read }) => ({ projects: () => projectsOf(read, p), tickets: async (need) => ticketsOf(read, await need("projects")) }),
  compute({ projects, tickets }, p, env) {
    const rows = budgetBurn(projects, tickets, env);
    const budget = round2(rows.reduce((s, r) => s + r.budget_hours, 0));
    const actual = round2(rows.reduce((s, r) => s + r.actual_hours, 0));
    const flagged = rows.filter((r) => r.flags.length > 0).length;
    const head = `Project budget burn, ${p.which} projects${p.company ? ` of ${name(p.company.name)}` : ""} (as of ${env.now.toISODate()}, ${env.zone}): ${rows.length} projects, ${actual} of ${budget} budget hours used (${pct(percent(actual, budget))}); ${flagged} flagged. Hours running furthest ahead of progress first.`;
    const body = table(
      [{ header: "Project", align: "left", max: 34 }, { header: "Company", align: "left", max: 24 }, "Budget h", "Actual h", "Burn", "Complete", "Eff.", "Forecast h", "Var. h", { header: "Flags", align: "left", max: 50 }],
      rows.map((r) => [`#${r.id} ${r.name}`, r.company, r.budget_hours, r.actual_hours, pct(r.burn_pct), pct(r.complete_pct), r.efficiency, r.forecast_hours, r.variance_hours, r.flags.join("; ")]),
    );
    return {
      text: `${head}\n${body}`,
      structured: { as_of: env.now.toISODate(), projects_status: p.which, totals: { projects: rows.length, budget_hours: budget, actual_hours: actual, burn_pct: percent(actual, budget), flagged }, projects: rows },
      ...(rows.length ? { chart: burnChart(rows) } : {}),
    };
  },
});

export interface PhaseRow {
  project_id: number;
  project: string;
  phase_id: number;
  phase: string;
  status: string;
  tickets: number;
  closed_tickets: number;
  completion_pct: number | null;
  budget_hours: number;
  actual_hours: number;
  burn_pct: number | null;
  deadline: string | null;
  late: boolean;
}

export function phaseCompletion(projects: Rec[], phases: Map<number, Rec[]>, tickets: Rec[], env: Env): PhaseRow[] {
  const today = env.now.startOf("day");
  const byPhase = new Map<number, Rec[]>();
  for (const t of tickets) {
    const id = num(t, "phase.id");
    if (id === undefined) continue;
    const list = byPhase.get(id);
    if (list) list.push(t);
    else byPhase.set(id, [t]);
  }
  return projects.flatMap((p) =>
    (phases.get(Number(p.id)) ?? []).map((ph): PhaseRow => {
      const own = byPhase.get(Number(ph.id)) ?? [];
      const closed = own.filter((t) => t.closedFlag === true).length;
      const completion = percent(closed, own.length);
      const budget = num(ph, "budgetHours") ?? 0;
      const actual = num(ph, "actualHours") ?? 0;
      const deadline = calendarDay(ph.deadlineDate ?? ph.endDate, env.zone);
      const done = /complete|closed|done/i.test(nameOf(ph.status)) || (own.length > 0 && closed === own.length);
      return {
        project_id: Number(p.id), project: String(p.name ?? ""), phase_id: Number(ph.id), phase: String(ph.description ?? ""), status: nameOf(ph.status),
        tickets: own.length, closed_tickets: closed, completion_pct: completion, budget_hours: round2(budget), actual_hours: round2(actual), burn_pct: percent(actual, budget),
        deadline: deadline?.toISODate() ?? null, late: !done && deadline !== undefined && deadline < today,
      };
    }),
  );
}

const phases = define<ProjectParams, { projects: Rec[]; phases: Map<number, Rec[]>; tickets: Rec[] }>({
  name: "project_phase_completion",
  params: ["status", "company", "project_id"],
  parse: parseProjects,
  plan: (p, { read }) => ({
    projects: () => projectsOf(read, p),
    phases: async (need) =>
      new Map(await Promise.all((await need("projects")).map(async (pr) => [Number(pr.id), await read.list(`/project/projects/${String(pr.id)}/phases`, { fields: "id,description,status/name,budgetHours,actualHours,deadlineDate,endDate,wbsCode" }, 500)] as const))),
    tickets: async (need) => ticketsOf(read, await need("projects")),
  }),
  compute(d, p, env) {
    const rows = phaseCompletion(d.projects, d.phases, d.tickets, env);
    const late = rows.filter((r) => r.late).length;
    const head = `Phase completion, ${p.project !== undefined ? `project #${p.project}` : `${p.which} projects`}${p.company ? ` of ${name(p.company.name)}` : ""} (as of ${env.now.toISODate()}, ${env.zone}): ${rows.length} phases in ${d.projects.length} projects, ${late} late.`;
    const body = table(
      [{ header: "Project", align: "left", max: 30 }, { header: "Phase", align: "left", max: 24 }, { header: "Status", align: "left" }, "Tickets", "Closed", "Complete", "Budget h", "Actual h", "Burn", { header: "Deadline", align: "left" }, { header: "Late", align: "left" }],
      rows.map((r) => [`#${r.project_id} ${r.project}`, r.phase, r.status, r.tickets, r.closed_tickets, pct(r.completion_pct), r.budget_hours, r.actual_hours, pct(r.burn_pct), r.deadline ?? "—", r.late ? "LATE" : ""]),
      60,
    );
    return { text: `${head}\n${body}`, structured: { as_of: env.now.toISODate(), projects_status: p.which, late_phases: late, phases: rows } };
  },
});

export const DEFINITIONS = { project_budget_burn: burn, project_phase_completion: phases };
