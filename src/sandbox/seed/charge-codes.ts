/** Charge codes for internal time and time off, all against the MSP's own company. */
import type { Row } from "../store.js";
import type { CompanyInfo } from "./companies.js";
import type { SeedContext } from "./context.js";
import { DAY } from "./dates.js";
import { ref } from "./refs.js";
import type { Setup } from "./setup.js";
import type { WorkTypeKey } from "./setup-system.js";

export type ChargeCodeKey = "admin" | "meeting" | "training" | "pto" | "vacation" | "sick" | "holiday";

const CODES: Record<ChargeCodeKey, { name: string; workType: WorkTypeKey; billTime: "DoNotBill" | "NoCharge" }> = {
  admin: { name: "Internal - Admin", workType: "internal", billTime: "DoNotBill" },
  meeting: { name: "Internal - Meetings", workType: "meeting", billTime: "DoNotBill" },
  training: { name: "Internal - Training", workType: "training", billTime: "DoNotBill" },
  pto: { name: "PTO", workType: "pto", billTime: "NoCharge" },
  vacation: { name: "Vacation", workType: "vacation", billTime: "NoCharge" },
  sick: { name: "Sick", workType: "sick", billTime: "NoCharge" },
  holiday: { name: "Holiday", workType: "holiday", billTime: "NoCharge" },
};

export interface ChargeCode {
  key: ChargeCodeKey;
  row: Row;
  workType: Row;
  billTime: "DoNotBill" | "NoCharge";
}

export function seedChargeCodes(ctx: SeedContext, setup: Setup, own: CompanyInfo): Record<ChargeCodeKey, ChargeCode> {
  const { system, lists } = setup;
  const out = {} as Record<ChargeCodeKey, ChargeCode>;
  for (const [key, spec] of Object.entries(CODES) as [ChargeCodeKey, (typeof CODES)[ChargeCodeKey]][]) {
    const workType = system.workTypes[spec.workType];
    const row = ctx.insert("/time/chargeCodes", {
      name: spec.name, company: ref("CompanyReference", own.row), location: ref("SystemLocationReference", system.locations.tampa),
      department: ref("SystemDepartmentReference", system.departments.admin), billTime: spec.billTime, expenseEntryFlag: key === "admin" || key === "training",
      allowAllExpenseTypeFlag: key === "admin", timeEntryFlag: true, workType: ref("WorkTypeReference", workType),
      workRole: ref("WorkRoleReference", system.workRoles.admin), expenseTypeIds: key === "training" ? [lists.expenseTypes.training.id] : [],
    }, { at: ctx.historyStart - 2 * 365 * DAY });
    out[key] = { key, row, workType, billTime: spec.billTime };
  }
  return out;
}
