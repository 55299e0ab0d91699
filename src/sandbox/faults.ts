/**
 * Fault injection: what can go wrong between a client and ConnectWise, on demand.
 *
 * Rates (latency with jitter, an error rate with chosen statuses, resets, truncated or malformed JSON)
 * draw from a seeded generator, so a run repeats. A rate limit answers 429 with Retry-After once more
 * than N requests arrive within a second. A script of faults is consumed in order by the next API
 * requests (optionally only those matching a method and path prefix), which is what tests use to say
 * "the next GET gets a 503, the one after a 429".
 */
import { z } from "zod";
import { Random } from "./random.js";

const scripted = z.strictObject({
  status: z.int().min(400).max(599).optional(),
  retryAfter: z.int().min(0).max(3600).optional(),
  reset: z.boolean().optional(),
  truncate: z.boolean().optional(),
  malformed: z.boolean().optional(),
  delayMs: z.int().min(0).max(120_000).optional(),
  method: z.string().optional(),
  path: z.string().optional(),
  times: z.int().min(1).optional(),
});

export const faultSettings = z.strictObject({
  latencyMs: z.int().min(0).max(120_000).default(0),
  jitterMs: z.int().min(0).max(120_000).default(0),
  /** Added to every web UI response (the API's faults do not apply there), so browser-report timeouts can be tested. */
  webLatencyMs: z.int().min(0).max(120_000).default(0),
  errorRate: z.number().min(0).max(1).default(0),
  errorStatuses: z.array(z.int().min(400).max(599)).min(1).default([500, 502, 503]),
  rateLimitPerSecond: z.int().min(1).nullable().default(null),
  retryAfterSeconds: z.int().min(0).max(3600).default(1),
  resetRate: z.number().min(0).max(1).default(0),
  truncateRate: z.number().min(0).max(1).default(0),
  malformedRate: z.number().min(0).max(1).default(0),
  script: z.array(scripted).default([]),
});

export type FaultSettings = z.infer<typeof faultSettings>;
export type ScriptedFault = z.infer<typeof scripted>;

/** What to do to one request. */
export interface FaultPlan {
  delayMs: number;
  status?: number;
  retryAfter?: number;
  reset?: boolean;
  truncate?: boolean;
  malformed?: boolean;
}

export class Faults {
  private settings: FaultSettings;
  private readonly recent: number[] = [];
  private random: Random;

  constructor(
    initial: Partial<FaultSettings> = {},
    private readonly seed = 1,
  ) {
    this.settings = faultSettings.parse(initial);
    this.random = new Random(seed);
  }

  get current(): FaultSettings {
    return structuredClone(this.settings);
  }

  /** Merge new settings in (validated); a script given here replaces the pending one. */
  update(patch: unknown): FaultSettings {
    const merged = faultSettings.parse({ ...this.settings, ...(patch as object) });
    this.settings = merged;
    return this.current;
  }

  reset(initial: Partial<FaultSettings> = {}): void {
    this.settings = faultSettings.parse(initial);
    this.recent.length = 0;
    this.random = new Random(this.seed);
  }

  plan(method: string, path: string, now = Date.now()): FaultPlan {
    const s = this.settings;
    const plan: FaultPlan = { delayMs: s.latencyMs + (s.jitterMs > 0 ? Math.floor(this.random.next() * (s.jitterMs + 1)) : 0) };

    const index = s.script.findIndex((f) => (!f.method || f.method.toUpperCase() === method) && (!f.path || path.toLowerCase().startsWith(f.path.toLowerCase())));
    if (index >= 0) {
      const fault = s.script[index]!;
      if (fault.times && fault.times > 1) fault.times--;
      else s.script.splice(index, 1);
      if (fault.delayMs !== undefined) plan.delayMs += fault.delayMs;
      if (fault.status !== undefined) plan.status = fault.status;
      if (fault.retryAfter !== undefined) plan.retryAfter = fault.retryAfter;
      if (fault.reset) plan.reset = true;
      if (fault.truncate) plan.truncate = true;
      if (fault.malformed) plan.malformed = true;
      return plan;
    }

    if (s.rateLimitPerSecond !== null) {
      while (this.recent.length > 0 && now - this.recent[0]! >= 1000) this.recent.shift();
      this.recent.push(now);
      if (this.recent.length > s.rateLimitPerSecond) {
        plan.status = 429;
        plan.retryAfter = s.retryAfterSeconds;
        return plan;
      }
    }
    if (s.resetRate > 0 && this.random.next() < s.resetRate) plan.reset = true;
    else if (s.errorRate > 0 && this.random.next() < s.errorRate) plan.status = s.errorStatuses[Math.floor(this.random.next() * s.errorStatuses.length)]!;
    else if (s.truncateRate > 0 && this.random.next() < s.truncateRate) plan.truncate = true;
    else if (s.malformedRate > 0 && this.random.next() < s.malformedRate) plan.malformed = true;
    return plan;
  }
}

/** The error body ConnectWise (or the proxy in front of it) sends with an injected status. */
export function faultBody(status: number, retryAfter: number): Record<string, unknown> {
  if (status === 429) return { error: "ConnectWiseAPI", message: `Too many requests. Please try again in ${retryAfter} seconds.` };
  if (status === 500) return { code: "ConnectWiseApi", message: "A timeout has occured. Please try again." };
  if (status === 503) return { code: "ServiceUnavailable", message: "The service is temporarily unavailable. Please try again." };
  if (status === 502 || status === 504) return { code: "GatewayError", message: "The gateway did not get a response from the server in time." };
  return { code: "InjectedFault", message: `Injected ${status} response.` };
}
