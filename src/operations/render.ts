/**
 * Condition templates rendered with handlebars, through the escaping helpers only (the generator has
 * checked every template uses nothing else). Helpers return SafeStrings: they produce ConnectWise syntax,
 * which handlebars' HTML escaping would otherwise mangle.
 */
import Handlebars from "handlebars";
import { CONDITION_HELPERS } from "./template-helpers.js";

const hb = Handlebars.create();
for (const [name, helper] of Object.entries(CONDITION_HELPERS)) {
  hb.registerHelper(name, (value: unknown) => new hb.SafeString(helper(value)));
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();

export function renderCondition(template: string, context: { value?: unknown; ref?: { id: number; name: string; identifier?: string } }): string {
  let fn = compiled.get(template);
  if (!fn) {
    fn = hb.compile(template, { strict: true, knownHelpersOnly: true, knownHelpers: Object.fromEntries(Object.keys(CONDITION_HELPERS).map((k) => [k, true])) });
    compiled.set(template, fn);
  }
  return fn(context).trim();
}
