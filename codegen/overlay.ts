/**
 * Apply an OpenAPI Overlay 1.0 document (data/manage.overlay.json) to the parsed spec.
 *
 * Where the vendored spec is wrong for a client (a PATCH `value` typed as an object although the API
 * takes any JSON value), the fix lives in the overlay, so manage.json stays a faithful copy that can be
 * replaced by the official file. Targets use the JSONPath subset `$`, `.name` and `['name']`; an action
 * whose target matches nothing fails the build, so a stale overlay cannot silently stop applying.
 */
import { readFileSync } from "node:fs";
import { SpecError } from "./spec.js";

interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}

export interface Overlay {
  source: string;
  actions: OverlayAction[];
}

export function loadOverlay(file: string): Overlay {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new SpecError(file, "", `cannot read the overlay (${(err as Error).message})`);
  }
  const o = doc as { overlay?: unknown; actions?: unknown };
  if (typeof o.overlay !== "string" || !o.overlay.startsWith("1.")) throw new SpecError(file, "overlay", "expected an Overlay 1.x version string");
  if (!Array.isArray(o.actions)) throw new SpecError(file, "actions", "expected an array of actions");
  o.actions.forEach((a: unknown, i) => {
    const action = a as OverlayAction;
    if (typeof action?.target !== "string") throw new SpecError(file, `actions[${i}].target`, "expected a JSONPath string");
    if (action.update === undefined && action.remove !== true) throw new SpecError(file, `actions[${i}]`, "an action needs \"update\" or \"remove: true\"");
  });
  return { source: file, actions: o.actions as OverlayAction[] };
}

export function applyOverlay(doc: Record<string, unknown>, overlay: Overlay): void {
  overlay.actions.forEach((action, i) => {
    const where = `actions[${i}] (${action.target})`;
    const segments = parseTarget(action.target, overlay.source, where);
    const key = segments.at(-1);
    let parent: unknown = doc;
    for (const seg of segments.slice(0, -1)) parent = isRecord(parent) ? parent[seg] : undefined;
    if (key === undefined) {
      if (action.remove) throw new SpecError(overlay.source, where, "cannot remove the document root");
      merge(doc, action.update, overlay.source, where);
      return;
    }
    if (!isRecord(parent) || !(key in parent)) throw new SpecError(overlay.source, where, "the target matches nothing in the spec");
    if (action.remove) delete parent[key];
    else merge(parent[key], action.update, overlay.source, where);
  });
}

function merge(target: unknown, update: unknown, source: string, where: string): void {
  if (!isRecord(target) || !isRecord(update)) throw new SpecError(source, where, "update needs an object target and an object value");
  for (const [k, v] of Object.entries(update)) {
    if (isRecord(v) && isRecord(target[k])) merge(target[k], v, source, where);
    else target[k] = structuredClone(v);
  }
}

function parseTarget(target: string, source: string, where: string): string[] {
  if (!target.startsWith("$")) throw new SpecError(source, where, "a target must start with $");
  const segments: string[] = [];
  const re = /\.([A-Za-z_$][\w$-]*)|\['((?:[^'\\]|\\.)*)'\]/y;
  re.lastIndex = 1;
  while (re.lastIndex < target.length) {
    const m = re.exec(target);
    if (!m) throw new SpecError(source, where, `unsupported JSONPath at character ${re.lastIndex + 1} (use .name or ['name'])`);
    segments.push(m[1] ?? m[2]!.replace(/\\(.)/g, "$1"));
  }
  return segments;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
