/** How composite answers read: local times in CW_TIMEZONE, hours, short clips. */
import { DateTime } from "luxon";

/** `2026-03-15 14:02` in the MSP's zone; "" for a missing or unreadable date. */
export function localTime(iso: unknown, zone: string): string {
  if (typeof iso !== "string" || !iso) return "";
  const d = DateTime.fromISO(iso, { zone: "utc" }).setZone(zone);
  return d.isValid ? d.toFormat("yyyy-LL-dd HH:mm") : "";
}

export function hours(n: number): string {
  return `${Math.round(n * 100) / 100} h`;
}

export function clip(s: unknown, max = 120): string {
  const t = String(s ?? "").replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** A reference's name ("Help Desk"), identifier, or "". */
export function nameOf(ref: unknown): string {
  if (!ref || typeof ref !== "object") return typeof ref === "string" ? ref : "";
  const r = ref as Record<string, unknown>;
  return String(r.name ?? r.identifier ?? (r.id !== undefined ? `#${String(r.id)}` : ""));
}

/** Failed branches, for the end of an answer. */
export function failureLines(failures: { branch: string; error: string }[]): string[] {
  return failures.length ? ["Could not read:", ...failures.map((f) => `- ${f.branch}: ${clip(f.error, 300)}`)] : [];
}
