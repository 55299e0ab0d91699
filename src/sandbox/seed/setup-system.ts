/**
 * The MSP's own setup: corporate structure, locations, departments, security roles, currencies,
 * countries and states, the holiday list and business-hours calendar, work roles and work types,
 * billing cycles, terms, statuses and tax codes.
 */
import type { JsonObject, Row } from "../store.js";
import type { SeedContext } from "./context.js";
import { DAY, isoDate, isWeekend, utc, yearOf } from "./dates.js";
import { ref } from "./refs.js";

export type WorkRoleKey = "helpdesk" | "network" | "onsite" | "project" | "serviceManager" | "vcio" | "sales" | "admin";
export type WorkTypeKey =
  | "remote" | "onsite" | "afterHours" | "project" | "internal" | "meeting" | "training" | "travel" | "pto" | "vacation" | "sick" | "holiday";

export const WORK_ROLES: Record<WorkRoleKey, { name: string; hourlyRate: number }> = {
  helpdesk: { name: "Service Desk Technician", hourlyRate: 125 },
  network: { name: "Network Engineer", hourlyRate: 165 },
  onsite: { name: "Field Technician", hourlyRate: 135 },
  project: { name: "Project Engineer", hourlyRate: 175 },
  serviceManager: { name: "Service Manager", hourlyRate: 150 },
  vcio: { name: "vCIO", hourlyRate: 225 },
  sales: { name: "Account Manager", hourlyRate: 150 },
  admin: { name: "Administration", hourlyRate: 95 },
};

type WorkTypeSpec = { name: string; billTime: "Billable" | "DoNotBill" | "NoCharge"; utilizationFlag: boolean; rateType: "AdjAmount" | "Custom" | "Multiplier"; rate: number; accrualType?: "Holiday" | "PTO" | "Sick" | "Vacation"; hoursMin?: number };

const WORK_TYPES: Record<WorkTypeKey, WorkTypeSpec> = {
  remote: { name: "Remote Support", billTime: "Billable", utilizationFlag: true, rateType: "Multiplier", rate: 1 },
  onsite: { name: "Onsite Support", billTime: "Billable", utilizationFlag: true, rateType: "Multiplier", rate: 1, hoursMin: 1 },
  afterHours: { name: "After Hours", billTime: "Billable", utilizationFlag: true, rateType: "Multiplier", rate: 1.5 },
  project: { name: "Project Work", billTime: "Billable", utilizationFlag: true, rateType: "Multiplier", rate: 1 },
  internal: { name: "Internal / Admin", billTime: "DoNotBill", utilizationFlag: false, rateType: "Multiplier", rate: 1 },
  meeting: { name: "Meeting", billTime: "DoNotBill", utilizationFlag: false, rateType: "Multiplier", rate: 1 },
  training: { name: "Training", billTime: "DoNotBill", utilizationFlag: false, rateType: "Multiplier", rate: 1 },
  travel: { name: "Travel", billTime: "NoCharge", utilizationFlag: true, rateType: "Multiplier", rate: 1 },
  pto: { name: "PTO", billTime: "NoCharge", utilizationFlag: false, rateType: "Multiplier", rate: 0, accrualType: "PTO" },
  vacation: { name: "Vacation", billTime: "NoCharge", utilizationFlag: false, rateType: "Multiplier", rate: 0, accrualType: "Vacation" },
  sick: { name: "Sick", billTime: "NoCharge", utilizationFlag: false, rateType: "Multiplier", rate: 0, accrualType: "Sick" },
  holiday: { name: "Holiday", billTime: "NoCharge", utilizationFlag: false, rateType: "Multiplier", rate: 0, accrualType: "Holiday" },
};

export function seedSystem(ctx: SeedContext) {
  const at = ctx.historyStart - 3 * 365 * DAY;
  const put = (template: string, record: JsonObject, scope?: number) => ctx.insert(template, record, { at, ...(scope !== undefined ? { scope } : {}) });

  const levels = ["Company", "Location"].map((name) => put("/system/myCompany/corporateStructureLevels", { name }));
  const locationLevel = levels[1]!;

  const usd = put("/finance/currencies", {
    currencyIdentifier: "USD", name: "US Dollar", symbol: "$", displayIdFlag: false, displaySymbolFlag: true,
    thousandsSeparator: ",", decimalSeparator: ".", negativeParenthesesFlag: true, rightAlign: false, numberOfDecimals: 2,
  });
  const cad = put("/finance/currencies", {
    currencyIdentifier: "CAD", name: "Canadian Dollar", symbol: "$", displayIdFlag: true, displaySymbolFlag: true,
    thousandsSeparator: ",", decimalSeparator: ".", negativeParenthesesFlag: true, rightAlign: false, numberOfDecimals: 2,
  });
  const country = put("/company/countries", { name: "United States", defaultFlag: true, currency: ref("CurrencyReference", usd), cityCaption: "City", stateCaption: "State", zipCaption: "Zip", zipMinimumLength: 5, countryCode: "US", coreEntityCountryCode: "US", dialingPrefix: "1" });
  put("/company/countries", { name: "Canada", defaultFlag: false, currency: ref("CurrencyReference", cad), cityCaption: "City", stateCaption: "Province", zipCaption: "Postal Code", zipMinimumLength: 6, countryCode: "CA", coreEntityCountryCode: "CA", dialingPrefix: "1" });
  const stateNames: [string, string][] = [
    ["FL", "Florida"], ["GA", "Georgia"], ["AL", "Alabama"], ["TX", "Texas"], ["CA", "California"], ["CO", "Colorado"], ["WA", "Washington"],
    ["IL", "Illinois"], ["NY", "New York"], ["NC", "North Carolina"], ["CT", "Connecticut"], ["RI", "Rhode Island"],
  ];
  const states = new Map<string, Row>(stateNames.map(([identifier, name]) => [identifier, put("/company/states", { identifier, name, country: ref("CountryReference", country) })]));

  const holidayList = put("/schedule/holidayLists", { name: "US Holidays" });
  const holidays = new Map<number, string>();
  for (let year = yearOf(ctx.historyStart) - 1; year <= yearOf(ctx.now) + 1; year++) {
    for (const [name, day] of usHolidays(year)) {
      holidays.set(day, name);
      put("/schedule/holidayLists/{parentId}/holidays", { name, allDayFlag: true, date: isoDate(day), holidayList: ref("HolidayListReference", holidayList) }, holidayList.id);
    }
  }
  const weekday = { start: "08:00:00", end: "17:00:00" };
  const calendar = put("/schedule/calendars", {
    name: "Standard Business Hours", holidayList: ref("HolidayListReference", holidayList),
    mondayStartTime: weekday.start, mondayEndTime: weekday.end, tuesdayStartTime: weekday.start, tuesdayEndTime: weekday.end,
    wednesdayStartTime: weekday.start, wednesdayEndTime: weekday.end, thursdayStartTime: weekday.start, thursdayEndTime: weekday.end,
    fridayStartTime: weekday.start, fridayEndTime: weekday.end,
  });
  put("/schedule/calendars", {
    name: "24x7 Support", holidayList: ref("HolidayListReference", holidayList),
    ...Object.fromEntries(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].flatMap((d) => [[`${d}StartTime`, "00:00:00"], [`${d}EndTime`, "23:59:00"]])),
  });

  const workRoles = {} as Record<WorkRoleKey, Row>;
  for (const [key, spec] of Object.entries(WORK_ROLES) as [WorkRoleKey, (typeof WORK_ROLES)[WorkRoleKey]][]) {
    workRoles[key] = put("/time/workRoles", { name: spec.name, hourlyRate: spec.hourlyRate, inactiveFlag: false, locationIds: [] });
  }
  const workTypes = {} as Record<WorkTypeKey, Row>;
  for (const [key, spec] of Object.entries(WORK_TYPES) as [WorkTypeKey, WorkTypeSpec][]) {
    workTypes[key] = put("/time/workTypes", {
      name: spec.name, billTime: spec.billTime, rateType: spec.rateType, rate: spec.rate, hoursMin: spec.hoursMin ?? 0, hoursMax: 0,
      roundBillHoursTo: 0.25, ...(spec.accrualType ? { accrualType: spec.accrualType } : {}), inactiveFlag: false,
      overallDefaultFlag: key === "remote", activityDefaultFlag: key === "meeting", utilizationFlag: spec.utilizationFlag, costMultiplier: 1,
    });
  }

  const locations = {
    tampa: put("/system/locations", { name: "Tampa", structureLevel: ref("CorporateStructureLevelReference", locationLevel), locationFlag: true, clientFlag: true, calendar: ref("CalendarReference", calendar), workRoleIds: Object.values(workRoles).map((r) => r.id) }),
    orlando: put("/system/locations", { name: "Orlando", structureLevel: ref("CorporateStructureLevelReference", locationLevel), locationFlag: true, clientFlag: true, calendar: ref("CalendarReference", calendar), overrideCity: "Orlando", overrideState: "FL", overrideZip: "32801", workRoleIds: Object.values(workRoles).map((r) => r.id) }),
  };
  const departments = {
    services: put("/system/departments", { identifier: "SVC", name: "Managed Services" }),
    projects: put("/system/departments", { identifier: "PRJ", name: "Professional Services" }),
    sales: put("/system/departments", { identifier: "SLS", name: "Sales" }),
    admin: put("/system/departments", { identifier: "ADM", name: "Administration" }),
  };
  const securityRoles = Object.fromEntries(
    (["Admin", "Service Manager", "Technician", "Sales", "Finance", "API"] as const).map((name) => [name, put("/system/securityroles", { name, roleType: "Corporate", adminFlag: name === "Admin", inactiveFlag: false })]),
  ) as Record<"Admin" | "Service Manager" | "Technician" | "Sales" | "Finance" | "API", Row>;

  const billingCycles = {
    monthly: put("/finance/billingCycles", { identifier: "M", name: "Monthly", defaultFlag: true, billingOptions: "Monthly" }),
    quarterly: put("/finance/billingCycles", { identifier: "Q", name: "Quarterly", defaultFlag: false, billingOptions: "Quarterly" }),
    annual: put("/finance/billingCycles", { identifier: "Y", name: "Annual", defaultFlag: false, billingOptions: "Yearly" }),
    oneTime: put("/finance/billingCycles", { identifier: "O", name: "One Time", defaultFlag: false, billingOptions: "NotRecurring" }),
  };
  const billingTerms = {
    net30: put("/finance/billingTerms", { name: "Net 30", defaultFlag: true, dueDays: 30 }),
    net15: put("/finance/billingTerms", { name: "Net 15", defaultFlag: false, dueDays: 15 }),
    dueOnReceipt: put("/finance/billingTerms", { name: "Due on Receipt", defaultFlag: false, dueDays: 0 }),
  };
  const billingStatuses = {
    new: put("/finance/billingStatuses", { name: "New", sortOrder: 1, defaultFlag: true, closedFlag: false, inactiveFlag: false, sentFlag: false }),
    sent: put("/finance/billingStatuses", { name: "Sent", sortOrder: 2, defaultFlag: false, closedFlag: false, inactiveFlag: false, sentFlag: true }),
    partial: put("/finance/billingStatuses", { name: "Partially Paid", sortOrder: 3, defaultFlag: false, closedFlag: false, inactiveFlag: false, sentFlag: true }),
    paid: put("/finance/billingStatuses", { name: "Paid", sortOrder: 4, defaultFlag: false, closedFlag: true, inactiveFlag: false, sentFlag: true }),
  };
  const taxStart = new Date(at).toISOString().slice(0, 19) + "Z";
  const taxCodes = {
    florida: put("/finance/taxCodes", {
      identifier: "FL-HILL", description: "Florida - Hillsborough County", invoiceCaption: "Sales Tax", country: ref("CountryReference", country), effectiveDate: taxStart,
      defaultFlag: true, displayOnInvoiceFlag: true, levelOneRate: 6, levelOneRateType: "Percent", levelOneCaption: "FL State", levelOneProductsFlag: true,
      levelOneServicesFlag: false, levelOneExpensesFlag: false, levelTwoRate: 1.5, levelTwoRateType: "Percent", levelTwoCaption: "County", levelTwoProductsFlag: true,
    }),
    exempt: put("/finance/taxCodes", { identifier: "EXEMPT", description: "Tax Exempt", invoiceCaption: "Tax Exempt", country: ref("CountryReference", country), effectiveDate: taxStart, defaultFlag: false, displayOnInvoiceFlag: false, levelOneRate: 0, levelOneRateType: "Percent" }),
  };

  return { locations, departments, securityRoles, currency: usd, country, states, holidayList, holidays, calendar, workRoles, workTypes, billingCycles, billingTerms, billingStatuses, taxCodes };
}

export type SystemSetup = ReturnType<typeof seedSystem>;

/** The days an MSP typically closes, moved to the nearest weekday when they fall on a weekend. */
function usHolidays(year: number): [string, number][] {
  const nth = (month: number, weekday: number, n: number) => {
    const first = utc(year, month, 1);
    const offset = (weekday - new Date(first).getUTCDay() + 7) % 7;
    return first + (offset + 7 * (n - 1)) * DAY;
  };
  const lastMonday = (month: number) => {
    let d = utc(year, month + 1, 1) - DAY;
    while (new Date(d).getUTCDay() !== 1) d -= DAY;
    return d;
  };
  const observed = (d: number) => {
    const wd = new Date(d).getUTCDay();
    return wd === 6 ? d - DAY : wd === 0 ? d + DAY : d;
  };
  const thanksgiving = nth(11, 4, 4);
  const list: [string, number][] = [
    ["New Year's Day", observed(utc(year, 1, 1))],
    ["Memorial Day", lastMonday(5)],
    ["Independence Day", observed(utc(year, 7, 4))],
    ["Labor Day", nth(9, 1, 1)],
    ["Thanksgiving Day", thanksgiving],
    ["Day after Thanksgiving", thanksgiving + DAY],
    ["Christmas Eve", utc(year, 12, 24)],
    ["Christmas Day", observed(utc(year, 12, 25))],
  ];
  const seen = new Set<number>();
  return list.filter(([, d]) => !isWeekend(d) && !seen.has(d) && seen.add(d));
}
