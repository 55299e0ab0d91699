/**
 * How big each scale is. Ticket and time-entry totals are exact (before the planted extras); the
 * staff roster is sized so those volumes give believable days: small is a two-person shop where the
 * owner still works tickets (a third technician left before the history starts), medium a
 * 30-person MSP logging 12–18 entries a day per technician.
 */
export type Scale = "small" | "medium" | "large";

/** What a member does; it decides their work role, boards and how their day splits. */
export type RoleKey = "owner" | "serviceManager" | "sales" | "admin" | "helpdesk" | "network" | "onsite" | "project" | "api";

export interface ScaleProfile {
  name: Scale;
  clients: number;
  prospects: number;
  vendors: number;
  roster: Record<RoleKey, number>;
  /** Technicians who left (inactive now), how many weeks ago, and technicians who joined during the history. */
  leavers: number;
  leftWeeksAgo: [number, number];
  newHires: number;
  tickets: number;
  timeEntries: number;
  projects: number;
  opportunities: number;
  purchaseOrders: number;
  /** How many of each planted timesheet problem. */
  plants: number;
}

/** Weeks of history: tickets, time, invoices and sales activity run over the last 26 weeks. */
export const HISTORY_WEEKS = 26;

export const SCALES: Record<Scale, ScaleProfile> = {
  small: {
    name: "small",
    clients: 14,
    prospects: 2,
    vendors: 3,
    roster: { owner: 1, serviceManager: 0, sales: 0, admin: 0, helpdesk: 2, network: 0, onsite: 0, project: 0, api: 1 },
    leavers: 1,
    leftWeeksAgo: [30, 40],
    newHires: 0,
    tickets: 500,
    timeEntries: 2_500,
    projects: 4,
    opportunities: 25,
    purchaseOrders: 20,
    plants: 5,
  },
  medium: {
    name: "medium",
    clients: 190,
    prospects: 24,
    vendors: 15,
    roster: { owner: 1, serviceManager: 1, sales: 2, admin: 1, helpdesk: 11, network: 5, onsite: 4, project: 5, api: 1 },
    leavers: 1,
    leftWeeksAgo: [7, 11],
    newHires: 1,
    tickets: 10_000,
    timeEntries: 50_000,
    projects: 30,
    opportunities: 300,
    purchaseOrders: 200,
    plants: 30,
  },
  large: {
    name: "large",
    clients: 880,
    prospects: 104,
    vendors: 15,
    roster: { owner: 1, serviceManager: 3, sales: 5, admin: 3, helpdesk: 52, network: 22, onsite: 16, project: 20, api: 1 },
    leavers: 2,
    leftWeeksAgo: [7, 11],
    newHires: 3,
    tickets: 50_000,
    timeEntries: 250_000,
    projects: 130,
    opportunities: 1_400,
    purchaseOrders: 900,
    plants: 120,
  },
};
