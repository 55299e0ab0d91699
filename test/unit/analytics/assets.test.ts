import { describe, expect, it } from "vitest";
import { assetAging, classOf, DEFINITIONS, endOfSupport, licenseCompliance, warranties } from "../../../src/analytics/assets.js";
import { envAt } from "./fixtures.js";

const env = envAt("2026-03-16T12:00");

describe("asset aging, worked by hand", () => {
  const configs = [
    // 16 Sep 2025 → 16 Mar 2026 = 181 days = 0.5 years.
    { id: 1, name: "LT1", type: { name: "Laptop" }, company: { name: "Acme" }, purchaseDate: "2025-09-16T00:00:00Z", warrantyExpirationDate: "2028-09-16T00:00:00Z", osType: "Windows 11 Pro" },
    // 4 years (1,461 days with 2024's leap day) = 4.0; warranty ended a year ago; Windows 10 support ended 14 Oct 2025.
    { id: 2, name: "LT2", type: { name: "Laptop" }, company: { name: "Acme" }, purchaseDate: "2022-03-16T00:00:00Z", warrantyExpirationDate: "2025-03-16T00:00:00Z", osType: "Windows 10 Pro" },
    // No purchase date: installed 16 Mar 2020, 2,191 days = 6.0 years; Server 2016 support runs to 2027.
    { id: 3, name: "SRV1", type: { name: "Managed Server" }, company: { name: "Acme" }, installationDate: "2020-03-16T00:00:00Z", warrantyExpirationDate: "2025-03-16T00:00:00Z", osType: "Windows Server 2016 Standard" },
    { id: 4, name: "FW1", type: { name: "Firewall" }, company: { name: "Acme" } },
  ];
  const r = assetAging(configs, env);

  it("ages in buckets, out of warranty and unsupported operating systems", () => {
    // Known ages 0.5, 4.0, 6.0 → mean 3.5; one unknown; 2 of 4 out of warranty = 50 %.
    expect(r.totals).toEqual({ type: "All", configurations: 4, mean_age_years: 3.5, under_1: 1, y1_3: 0, y3_5: 1, over_5: 1, unknown_age: 1, out_of_warranty: 2, out_of_warranty_pct: 50 });
    // Laptops: (0.5 + 4.0) / 2 = 2.25 → 2.3.
    expect(r.types.find((t) => t.type === "Laptop")).toMatchObject({ configurations: 2, mean_age_years: 2.3, out_of_warranty: 1 });
    expect(r.unsupported_os).toEqual([{ os: "Windows 10", end_of_support: "2025-10-14", configurations: 1 }]);
    expect(r.oldest.map((o) => [o.name, o.age_years])).toEqual([["SRV1", 6], ["LT2", 4], ["LT1", 0.5]]);
  });

  it("knows Microsoft's end-of-support dates, most specific first", () => {
    expect(endOfSupport("Windows Server 2012 R2 Standard")).toEqual({ os: "Windows Server 2012", date: "2023-10-10" });
    expect(endOfSupport("Windows 11 Pro")).toBeUndefined();
  });
});

describe("warranty expirations, worked by hand", () => {
  const c = (id: number, date: string) => ({ id, name: `C${id}`, company: { name: "Acme" }, type: { name: "Laptop" }, warrantyExpirationDate: `${date}T00:00:00Z` });
  const configs = [c(1, "2026-03-20"), c(2, "2026-05-15"), c(3, "2026-06-14"), c(4, "2026-03-16"), c(5, "2026-03-01"), c(6, "2025-12-31")];

  it("days left and buckets; what ends next first, then what ended most recently", () => {
    // 16 Mar → 20 Mar 4; → 15 May 15 + 30 + 15 = 60; → 14 Jun 15 + 30 + 31 + 14 = 90; today 0; 1 Mar −15; 31 Dec −75.
    expect(warranties(configs, env).map((w) => [w.id, w.days_left, w.bucket])).toEqual([
      [4, 0, "0-30"], [1, 4, "0-30"], [2, 60, "31-60"], [3, 90, "61-90"], [5, -15, "expired"], [6, -75, "expired"],
    ]);
    const out = DEFINITIONS.warranty_expirations.compute({ configurations: configs }, { days: 90, includeExpired: true }, env);
    expect(out.structured.buckets).toEqual([{ bucket: "0-30", configurations: 2 }, { bucket: "31-60", configurations: 1 }, { bucket: "61-90", configurations: 1 }, { bucket: "expired", configurations: 2 }]);
    expect(out.text).toContain("4 expiring, 2 expired.");
  });
});

describe("license compliance, worked by hand", () => {
  const addition = (id: number, identifier: string, description: string, uom: string, quantity: number, extra: object = {}) => ({ id, product: { identifier }, description, uom, quantity, unitPrice: 0, effectiveDate: "2025-01-01T00:00:00Z", ...extra });
  const agreements = [{ id: 1, name: "Managed Gold", company: { id: 10, name: "Acme" } }, { id: 2, name: "Block", company: { id: 11, name: "Bolt" } }];
  const additions = new Map([
    [1, [
      addition(1, "MS-WORKSTATION", "Managed Workstation", "Per Device", 3, { unitPrice: 45 }),
      addition(2, "MS-SERVER", "Managed Server", "Per Device", 3, { unitPrice: 175 }),
      addition(3, "SEC-EDR", "Endpoint Detection & Response", "Per Device", 5, { unitPrice: 9 }),
      addition(4, "M365-BP", "Microsoft 365 Business Premium (Monthly)", "Per User", 2, { unitPrice: 26.4 }),
      addition(5, "BK-SIRIS-TB", "Datto SIRIS Backup - per TB", "TB", 2),
      addition(6, "MS-NETWORK", "Managed Network Device", "Per Device", 9, { cancelledDate: "2026-01-01T00:00:00Z" }),
      addition(7, "MS-NETWORK", "Managed Network Device", "Per Device", 1, { unitPrice: undefined, extPrice: 25 }),
    ]],
    [2, [addition(8, "M365-BS", "Microsoft 365 Business Standard (Monthly)", "Per User", 10)]],
  ]);
  const cfg = (company: number, type: string) => ({ company: { id: company }, type: { name: type } });
  const configs = [cfg(10, "Managed Workstation"), cfg(10, "Managed Workstation"), cfg(10, "Laptop"), cfg(10, "Laptop"), cfg(10, "Managed Server"), cfg(10, "Virtual Server"), cfg(10, "Firewall"), cfg(10, "Switch"), cfg(10, "Printer"), cfg(11, "Laptop")];
  const contacts = [10, 10, 10, 11, 11].map((company) => ({ company: { id: company } }));

  it("reads what an addition bills for from its description and unit", () => {
    expect(["Managed Workstation", "Managed Server", "Endpoint Detection & Response", "Managed Network Device"].map((d) => classOf({ description: d }))).toEqual(["workstation", "server", "endpoint", "network"]);
    expect(classOf({ description: "Microsoft 365", uom: "Per User" })).toBe("user");
    expect(classOf({ description: "Datto SIRIS Backup - per TB", uom: "TB" })).toBeUndefined();
  });

  it("billed against counted, with the monthly revenue not billed", () => {
    const r = licenseCompliance(agreements, additions, configs, contacts, env);
    // Acme counts: workstations 2 + 2 laptops = 4; servers 2; endpoints 4 + 2 = 6; network 2 (the printer counts as none); 3 contacts.
    expect(r.rows.map((x) => [x.company, x.product, x.billed, x.counted, x.gap, x.status, x.monthly_revenue_missed])).toEqual([
      ["Acme", "MS-WORKSTATION", 3, 4, 1, "under-billed", 45], // 1 × 45
      ["Acme", "M365-BP", 2, 3, 1, "under-billed", 26.4],
      ["Acme", "MS-NETWORK", 1, 2, 1, "under-billed", 25], // no unit price: extPrice 25 ÷ 1
      ["Acme", "SEC-EDR", 5, 6, 1, "under-billed", 9],
      ["Acme", "MS-SERVER", 3, 2, -1, "over-billed", 0],
      // Bolt bills 10 seats and has 2 contacts on file: contacts are often incomplete, so only "check".
      ["Bolt", "M365-BS", 10, 2, -8, "check", 0],
    ]);
    // The cancelled network addition is not reconciled; the backup (per TB) has nothing to count against.
    expect(r.not_counted).toEqual([{ agreement_id: 1, product: "BK-SIRIS-TB", quantity: 2 }]);
    const out = DEFINITIONS.license_compliance.compute({ agreements, additions, configurations: configs, contacts }, {}, env);
    expect(out.structured.totals).toEqual({ reconciled: 6, under_billed: 4, over_billed: 1, monthly_revenue_missed: 105.4 });
  });
});
