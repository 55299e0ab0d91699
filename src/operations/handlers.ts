/**
 * Operations computed by code instead of one endpoint (`handler:` in operations.yaml). The generator
 * refuses an operation whose handler is not in this table.
 *
 * The MSP Analytics handlers are small wrappers that import their module on first call: neither the
 * server's start-up nor the generator (which imports this table for its names) pays for the analytics
 * code, luxon or the chart libraries.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Runtime } from "../runtime.js";
import type { OperationDef } from "./types.js";

export interface HandlerContext {
  runtime: Runtime;
  params: Record<string, unknown>;
  signal?: AbortSignal;
  /** The operation as declared (its params, with types and defaults, are what the handler accepts). */
  operation?: OperationDef;
}

export type OperationHandler = (ctx: HandlerContext) => Promise<CallToolResult>;

/** Each analytics area's module; each exports DEFINITIONS keyed by handler name. */
const ANALYTICS = {
  time: () => import("../analytics/time.js"),
  sla: () => import("../analytics/sla.js"),
  agreements: () => import("../analytics/agreements.js"),
  clients: () => import("../analytics/clients.js"),
  team: () => import("../analytics/team.js"),
  projects: () => import("../analytics/projects.js"),
  sales: () => import("../analytics/sales.js"),
  spend: () => import("../analytics/spend.js"),
  assets: () => import("../analytics/assets.js"),
  company360: () => import("../analytics/company360.js"),
} as const;

type Area = keyof typeof ANALYTICS;

function analytics(area: Area, name: string): OperationHandler {
  return async (ctx) => {
    const [{ runAnalytics }, module] = await Promise.all([import("../analytics/run.js"), ANALYTICS[area]()]);
    const def = (module.DEFINITIONS as Record<string, Parameters<typeof runAnalytics>[0]>)[name];
    if (!def) throw new Error(`analytics module ${area} has no definition ${name}`);
    return runAnalytics(def, ctx);
  };
}

/** Handler name → area: the names operations.yaml uses. */
export const ANALYTICS_HANDLERS: Record<string, Area> = {
  time_totals_by_member: "time",
  member_utilization: "time",
  sla_compliance: "sla",
  first_response_times: "sla",
  agreement_profitability: "agreements",
  agreement_renewals_due: "agreements",
  client_health_scorecard: "clients",
  at_risk_clients: "clients",
  team_leaderboard: "team",
  dispatch_efficiency: "team",
  project_budget_burn: "projects",
  project_phase_completion: "projects",
  pipeline_value: "sales",
  opportunity_win_rates: "sales",
  procurement_spend: "spend",
  expense_approvals: "spend",
  asset_aging: "assets",
  warranty_expirations: "assets",
  license_compliance: "assets",
  company_360_view: "company360",
};

export const HANDLERS: Record<string, OperationHandler> = Object.fromEntries(Object.entries(ANALYTICS_HANDLERS).map(([name, area]) => [name, analytics(area, name)]));

/** For tests: load an area's definitions the way a call would. */
export async function analyticsModule(area: Area): Promise<{ DEFINITIONS: Record<string, unknown> }> {
  return ANALYTICS[area]();
}
