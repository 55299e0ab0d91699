/**
 * The validation answer as text: counts per severity and rule first, then the findings grouped by member
 * and day, cut at a length an assistant can read (every finding is in structuredContent regardless).
 */
import { ZoneClock } from "./clock.js";
import { WEEKDAYS } from "./prepare.js";
import { RULE_IDS, type Finding, type RuleId, type ValidationResult } from "./types.js";
import { name } from "../format/untrusted.js";

export const MAX_TEXT = 12_000;
const MARK = { error: "✖", warning: "▲", info: "·" } as const;

export interface Counts {
  by_severity: { error: number; warning: number; info: number };
  by_rule: Record<RuleId, number>;
}

export function countFindings(findings: readonly Finding[]): Counts {
  const by_severity = { error: 0, warning: 0, info: 0 };
  const by_rule = Object.fromEntries(RULE_IDS.map((r) => [r, 0])) as Record<RuleId, number>;
  for (const f of findings) {
    by_severity[f.severity]++;
    by_rule[f.rule]++;
  }
  return { by_severity, by_rule };
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function renderValidation(result: ValidationResult, rules: readonly RuleId[], window: { start: string; end: string }, maxChars = MAX_TEXT): string {
  const counts = countFindings(result.findings);
  const s = counts.by_severity;
  const head = [
    `Timesheet validation ${window.start} to ${window.end} (${result.zone}): ${plural(result.entries, "entry", "entries")}, ${plural(result.members.length, "member")}, ${plural(result.sheets.length, "time sheet")}.`,
    `Findings: ${result.findings.length} — ${plural(s.error, "error")}, ${plural(s.warning, "warning")}, ${s.info} info.`,
    `By rule: ${rules.filter((r) => !result.skipped.some((k) => k.rule === r)).map((r) => `${r} ${counts.by_rule[r]}`).join(" · ")}`,
  ];
  for (const k of result.skipped) head.push(`Skipped ${k.rule}: ${k.reason}`);
  for (const n of result.notes ?? []) head.push(`Note: ${n}`);
  if (result.findings.length === 0) return [...head, "No findings: every entry passed the rules that ran."].join("\n");

  const lines = [...head, ""];
  let length = lines.join("\n").length;
  let shown = 0;
  const byMember = new Map<string, Finding[]>();
  for (const f of result.findings) (byMember.get(f.member) ?? byMember.set(f.member, []).get(f.member)!).push(f);
  const names = new Map(result.members.map((m) => [m.identifier, m.name]));
  const push = (line: string) => {
    if (length + line.length + 1 > maxChars) return false;
    lines.push(line);
    length += line.length + 1;
    return true;
  };
  outer: for (const [member, list] of byMember) {
    const c = countFindings(list).by_severity;
    const heading = `${name(member)}${names.get(member) && names.get(member) !== member ? ` — ${name(names.get(member)!)}` : ""}: ${plural(c.error, "error")}, ${plural(c.warning, "warning")}, ${c.info} info`;
    // A member's heading only with room for a day and a finding under it.
    if (length + heading.length + 20 + list[0]!.message.length > maxChars) break;
    push(heading);
    let day = "";
    for (const f of list) {
      const line = `    ${MARK[f.severity]} ${f.message}`;
      if (f.date !== day) {
        // A day's heading only with room for its first finding under it.
        const heading = `  ${WEEKDAYS[ZoneClock.weekday(ZoneClock.dayOf(f.date))]!} ${f.date}`;
        if (length + heading.length + line.length + 2 > maxChars) break outer;
        push(heading);
        day = f.date;
      }
      if (!push(line)) break outer;
      shown++;
    }
  }
  if (shown < result.findings.length) lines.push(`… ${result.findings.length - shown} more findings not shown here: all ${result.findings.length} are in structuredContent.findings.`);
  const clean = result.members.filter((m) => !byMember.has(m.identifier)).map((m) => m.identifier);
  if (clean.length) lines.push(`No findings for: ${clean.map((m) => name(m)).join(", ")}.`);
  return lines.join("\n");
}
