/**
 * The MSP Analytics operations as the build declares them (operations.yaml → generated/operations.json)
 * against the handlers that compute them: every declared handler exists, reads exactly the params the
 * declaration lists, and is loaded lazily.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ANALYTICS_HANDLERS, analyticsModule, HANDLERS } from "../../../src/operations/handlers.js";
import { allOperations } from "../../../src/operations/registry.js";
import type { AnyDefinition } from "../../../src/analytics/types.js";

const analytics = allOperations().filter((op) => op.category === "MSP Analytics");

describe("MSP Analytics operations", () => {
  it("are the twenty the issue names, each with a handler", () => {
    expect(analytics.map((op) => op.name).sort()).toEqual(
      [
        "agreement_profitability", "agreement_renewals_due", "asset_aging", "at_risk_clients", "client_health_scorecard", "company_360_view", "dispatch_efficiency",
        "expense_approvals", "first_response_times", "license_compliance", "member_utilization", "opportunity_win_rates", "pipeline_value", "procurement_spend",
        "project_budget_burn", "project_phase_completion", "sla_compliance", "team_leaderboard", "time_totals_by_member", "warranty_expirations",
      ].sort(),
    );
    for (const op of analytics) {
      expect(op.handler, op.name).toBe(op.name);
      expect(HANDLERS[op.handler!], op.name).toBeTypeOf("function");
      expect(op.kind).toBe("read");
      expect(op.params.every((p) => p.in === "handler"), op.name).toBe(true);
    }
  });

  it("each description states its formula", () => {
    for (const op of analytics) expect(op.description, op.name).toMatch(/=|÷|×|−/);
  });

  it("each definition reads exactly the params its operation declares", async () => {
    for (const op of analytics) {
      const module = await analyticsModule(ANALYTICS_HANDLERS[op.handler!]!);
      const def = module.DEFINITIONS[op.handler!] as AnyDefinition;
      expect(def.name, op.name).toBe(op.name);
      expect([...def.params].sort(), op.name).toEqual(op.params.map((p) => p.name).sort());
    }
  });

  it("operations with a picture offer chart: png, svg or none", () => {
    const charted = analytics.filter((op) => op.params.some((p) => p.name === "chart")).map((op) => op.name);
    expect(charted.sort()).toEqual(["member_utilization", "pipeline_value", "project_budget_burn"]);
    for (const op of analytics.filter((o) => charted.includes(o.name))) expect(op.params.find((p) => p.name === "chart")).toMatchObject({ default: "png", enum: ["png", "svg", "none"] });
  });

  it("the registry imports no analytics code until a handler runs (start-up and the generator stay light)", () => {
    const source = readFileSync(new URL("../../../src/operations/handlers.ts", import.meta.url), "utf8");
    expect(source).not.toMatch(/^import (?!type)[^;]*analytics/m);
    expect(source).toMatch(/import\("\.\.\/analytics\/run\.js"\)/);
  });
});
