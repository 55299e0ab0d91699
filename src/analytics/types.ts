/**
 * What an MSP Analytics operation is: typed params read from the operation's declared params, a fetch
 * plan of named branches (gathered through the composites' fan-out), and a pure computation from the
 * gathered data to a compact table, the full figures and, where a picture helps, a chart spec.
 *
 * The computation never touches the network or the clock: `env.now` is given, so a unit test can hand
 * it a small dataset and check the arithmetic.
 */
import type { DateTime } from "luxon";
import type { Branches } from "../composites/fanout.js";
import type { Rec } from "../composites/read.js";
import type { AnalyticsReader } from "./read.js";
import type { ParamValues } from "./params.js";

export type { Rec };

/** Where and when: CW_TIMEZONE and the moment of the call in it. */
export interface Env {
  zone: string;
  now: DateTime;
}

/** A date range in CW_TIMEZONE, start included, end excluded. */
export interface Window {
  start: DateTime;
  end: DateTime;
}

/** Cached lists the runtime already keeps (members with capacity and cost, work roles with rates). */
export interface Lists {
  members(): Promise<Rec[]>;
  workRoles(): Promise<Rec[]>;
}

export interface PlanContext {
  read: AnalyticsReader;
  lists: Lists;
  env: Env;
}

/** A Vega-Lite spec (data inline), rendered server-side by chart.ts. */
export type ChartSpec = Record<string, unknown>;

export interface Computed {
  /** Compact text for the assistant: a heading, a fixed-width table, a line or two of totals. */
  text: string;
  /** Every figure, for structuredContent. */
  structured: Rec;
  chart?: ChartSpec;
}

export interface AnalyticsDefinition<P = unknown, D extends Record<string, unknown> = Record<string, unknown>> {
  name: string;
  /** The params it reads, as operations.yaml declares them (a unit test keeps the two in step). */
  params: readonly string[];
  /** Typed params from the validated values (names already resolved, dates read in the zone). */
  parse(values: ParamValues, env: Env): P;
  plan(p: P, ctx: PlanContext): Branches<D>;
  /**
   * Branches the answer can do without: when one fails it is reported and this value used instead.
   * Every other branch is required, and its failure fails the call.
   */
  optional?: Partial<D>;
  compute(data: D, p: P, env: Env): Computed;
}

/** A definition with its types erased, for the registry. */
export type AnyDefinition = AnalyticsDefinition<any, any>;

export function define<P, D extends Record<string, unknown>>(def: AnalyticsDefinition<P, D>): AnalyticsDefinition<P, D> {
  return def;
}
