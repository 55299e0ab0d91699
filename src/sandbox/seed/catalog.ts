/**
 * The product catalogue: hardware the MSP resells, licences, and the recurring managed-service
 * products its agreements bill as additions.
 */
import type { Row } from "../store.js";
import type { Companies } from "./companies.js";
import type { SeedContext } from "./context.js";
import { DAY } from "./dates.js";
import { ref } from "./refs.js";
import type { Setup } from "./setup.js";

type ProductClass = "Agreement" | "Bundle" | "Inventory" | "NonInventory" | "Service";
type TypeKey = "hardware" | "software" | "service" | "recurring";
type UnitKey = "each" | "user" | "device" | "month" | "hour" | "tb";

interface ProductSpec {
  identifier: string;
  description: string;
  productClass: ProductClass;
  subcategory: string;
  type: TypeKey;
  unit: UnitKey;
  cost: number;
  price: number;
  manufacturer?: string;
  partNumber?: string;
  vendor?: string;
  recurring?: boolean;
}

export const PRODUCTS: readonly ProductSpec[] = [
  { identifier: "DELL-LAT5440", description: "Dell Latitude 5440 14in i5/16GB/512GB", productClass: "Inventory", subcategory: "Laptops", type: "hardware", unit: "each", cost: 1049, price: 1349, manufacturer: "Dell", partNumber: "LAT5440-I5-16", vendor: "DellTechnologies" },
  { identifier: "HP-EB840G10", description: "HP EliteBook 840 G10 i7/16GB/512GB", productClass: "Inventory", subcategory: "Laptops", type: "hardware", unit: "each", cost: 1189, price: 1529, manufacturer: "HP", partNumber: "8A3N2UT#ABA", vendor: "IngramMicro" },
  { identifier: "LEN-T14G4", description: "Lenovo ThinkPad T14 Gen 4 i5/16GB/512GB", productClass: "Inventory", subcategory: "Laptops", type: "hardware", unit: "each", cost: 999, price: 1289, manufacturer: "Lenovo", partNumber: "21HD003AUS", vendor: "IngramMicro" },
  { identifier: "DELL-OPT7010", description: "Dell OptiPlex 7010 SFF i5/16GB/512GB", productClass: "Inventory", subcategory: "Desktops", type: "hardware", unit: "each", cost: 829, price: 1069, manufacturer: "Dell", partNumber: "OPT7010-SFF", vendor: "DellTechnologies" },
  { identifier: "HP-ED800G9", description: "HP EliteDesk 800 G9 Mini i5/16GB/256GB", productClass: "Inventory", subcategory: "Desktops", type: "hardware", unit: "each", cost: 779, price: 999, manufacturer: "HP", partNumber: "6B2A5UT#ABA", vendor: "TDSynnex" },
  { identifier: "DELL-P2423D", description: "Dell 24in Monitor P2423D", productClass: "Inventory", subcategory: "Accessories", type: "hardware", unit: "each", cost: 189, price: 259, manufacturer: "Dell", partNumber: "DELL-P2423D", vendor: "DellTechnologies" },
  { identifier: "DELL-WD19S", description: "Dell WD19S USB-C Dock", productClass: "Inventory", subcategory: "Accessories", type: "hardware", unit: "each", cost: 169, price: 229, manufacturer: "Dell", partNumber: "WD19S130W", vendor: "DellTechnologies" },
  { identifier: "DELL-R650", description: "Dell PowerEdge R650 Rack Server", productClass: "Inventory", subcategory: "Servers", type: "hardware", unit: "each", cost: 6890, price: 8590, manufacturer: "Dell", partNumber: "PER650", vendor: "DellTechnologies" },
  { identifier: "DELL-T550", description: "Dell PowerEdge T550 Tower Server", productClass: "Inventory", subcategory: "Servers", type: "hardware", unit: "each", cost: 5290, price: 6690, manufacturer: "Dell", partNumber: "PET550", vendor: "DellTechnologies" },
  { identifier: "FG-60F", description: "FortiGate 60F Firewall", productClass: "Inventory", subcategory: "Networking", type: "hardware", unit: "each", cost: 525, price: 749, manufacturer: "Fortinet", partNumber: "FG-60F", vendor: "IngramMicro" },
  { identifier: "FG-60F-UTP-1Y", description: "FortiGate 60F UTP Subscription 1 Year", productClass: "NonInventory", subcategory: "Security Software", type: "software", unit: "each", cost: 390, price: 560, manufacturer: "Fortinet", partNumber: "FC-10-0060F-950-02-12", vendor: "IngramMicro" },
  { identifier: "MS120-24P", description: "Meraki MS120-24P PoE Switch", productClass: "Inventory", subcategory: "Networking", type: "hardware", unit: "each", cost: 1150, price: 1495, manufacturer: "Cisco Meraki", partNumber: "MS120-24P-HW", vendor: "TDSynnex" },
  { identifier: "MR36-HW", description: "Meraki MR36 Wi-Fi 6 Access Point", productClass: "Inventory", subcategory: "Networking", type: "hardware", unit: "each", cost: 495, price: 695, manufacturer: "Cisco Meraki", partNumber: "MR36-HW", vendor: "TDSynnex" },
  { identifier: "USW-PRO-24-POE", description: "UniFi Switch Pro 24 PoE", productClass: "Inventory", subcategory: "Networking", type: "hardware", unit: "each", cost: 699, price: 899, manufacturer: "Ubiquiti", partNumber: "USW-PRO-24-POE", vendor: "IngramMicro" },
  { identifier: "U6-PRO", description: "UniFi U6 Pro Access Point", productClass: "Inventory", subcategory: "Networking", type: "hardware", unit: "each", cost: 159, price: 229, manufacturer: "Ubiquiti", partNumber: "U6-PRO-US", vendor: "IngramMicro" },
  { identifier: "SMT1500RM2U", description: "APC Smart-UPS 1500VA Rack Mount", productClass: "Inventory", subcategory: "Power", type: "hardware", unit: "each", cost: 789, price: 999, manufacturer: "APC", partNumber: "SMT1500RM2UC", vendor: "IngramMicro" },
  { identifier: "APCRBC133", description: "APC Replacement Battery Cartridge #133", productClass: "Inventory", subcategory: "Power", type: "hardware", unit: "each", cost: 239, price: 329, manufacturer: "APC", partNumber: "APCRBC133", vendor: "IngramMicro" },
  { identifier: "SYN-DS923", description: "Synology DiskStation DS923+ NAS", productClass: "Inventory", subcategory: "Servers", type: "hardware", unit: "each", cost: 599, price: 799, manufacturer: "Synology", partNumber: "DS923+", vendor: "AmazonBusiness" },
  { identifier: "HP-M404DN", description: "HP LaserJet Pro M404dn Printer", productClass: "Inventory", subcategory: "Printers", type: "hardware", unit: "each", cost: 319, price: 429, manufacturer: "HP", partNumber: "W1A53A#BGJ", vendor: "TDSynnex" },
  { identifier: "SSD-1TB", description: "1TB SATA SSD Upgrade", productClass: "Inventory", subcategory: "Accessories", type: "hardware", unit: "each", cost: 79, price: 119, vendor: "AmazonBusiness" },
  { identifier: "CAT6-DROP", description: "Cat6 Network Drop - Installed", productClass: "Service", subcategory: "Labor", type: "service", unit: "each", cost: 60, price: 225 },
  { identifier: "WIN-SVR-2022-STD", description: "Windows Server 2022 Standard 16-Core", productClass: "NonInventory", subcategory: "Licensing", type: "software", unit: "each", cost: 1069, price: 1299, manufacturer: "Microsoft", partNumber: "P73-08328", vendor: "Pax8" },
  { identifier: "M365-BP", description: "Microsoft 365 Business Premium (Monthly)", productClass: "NonInventory", subcategory: "Microsoft 365", type: "recurring", unit: "user", cost: 22, price: 26.4, manufacturer: "Microsoft", vendor: "Pax8", recurring: true },
  { identifier: "M365-BS", description: "Microsoft 365 Business Standard (Monthly)", productClass: "NonInventory", subcategory: "Microsoft 365", type: "recurring", unit: "user", cost: 12.5, price: 15, manufacturer: "Microsoft", vendor: "Pax8", recurring: true },
  { identifier: "M365-E3", description: "Microsoft 365 E3 (Monthly)", productClass: "NonInventory", subcategory: "Microsoft 365", type: "recurring", unit: "user", cost: 36, price: 43.2, manufacturer: "Microsoft", vendor: "Pax8", recurring: true },
  { identifier: "EXO-P1", description: "Exchange Online Plan 1 (Monthly)", productClass: "NonInventory", subcategory: "Microsoft 365", type: "recurring", unit: "user", cost: 4, price: 4.8, manufacturer: "Microsoft", vendor: "Pax8", recurring: true },
  { identifier: "ADOBE-ACRO", description: "Adobe Acrobat Pro (Monthly)", productClass: "NonInventory", subcategory: "Licensing", type: "recurring", unit: "user", cost: 19.99, price: 23.99, manufacturer: "Adobe", vendor: "Pax8", recurring: true },
  { identifier: "MS-WORKSTATION", description: "Managed Workstation", productClass: "Agreement", subcategory: "Managed Services", type: "recurring", unit: "device", cost: 12, price: 45, recurring: true },
  { identifier: "MS-SERVER", description: "Managed Server", productClass: "Agreement", subcategory: "Managed Services", type: "recurring", unit: "device", cost: 45, price: 175, recurring: true },
  { identifier: "MS-NETWORK", description: "Managed Network Device", productClass: "Agreement", subcategory: "Managed Services", type: "recurring", unit: "device", cost: 6, price: 25, recurring: true },
  { identifier: "MS-USER", description: "Managed User - Help Desk", productClass: "Agreement", subcategory: "Managed Services", type: "recurring", unit: "user", cost: 28, price: 95, recurring: true },
  { identifier: "SEC-EDR", description: "Endpoint Detection & Response", productClass: "Agreement", subcategory: "Managed Services", type: "recurring", unit: "device", cost: 4.5, price: 9, recurring: true },
  { identifier: "SEC-SAT", description: "Security Awareness Training", productClass: "Agreement", subcategory: "Managed Services", type: "recurring", unit: "user", cost: 1.5, price: 3.5, recurring: true },
  { identifier: "BK-SIRIS-TB", description: "Datto SIRIS Backup - per TB", productClass: "Agreement", subcategory: "Cloud Backup", type: "recurring", unit: "tb", cost: 70, price: 150, manufacturer: "Datto", vendor: "Datto", recurring: true },
  { identifier: "BK-M365", description: "Microsoft 365 Backup - per User", productClass: "Agreement", subcategory: "Cloud Backup", type: "recurring", unit: "user", cost: 1.2, price: 3, manufacturer: "Datto", vendor: "Datto", recurring: true },
  { identifier: "LABOR-REMOTE", description: "Remote Support - Hourly", productClass: "Service", subcategory: "Labor", type: "service", unit: "hour", cost: 45, price: 150 },
  { identifier: "LABOR-ONSITE", description: "Onsite Support - Hourly", productClass: "Service", subcategory: "Labor", type: "service", unit: "hour", cost: 45, price: 165 },
  { identifier: "BLOCK-10", description: "Block Time - 10 Hours", productClass: "Service", subcategory: "Labor", type: "service", unit: "each", cost: 0, price: 1350 },
];

export type Catalog = Map<string, Row>;

export function seedCatalog(ctx: SeedContext, setup: Setup, companies: Companies): Catalog {
  const { lists, system } = setup;
  const at = ctx.historyStart - 2 * 365 * DAY;
  const vendors = new Map(companies.vendors.map((v) => [String(v.row.identifier), v.row]));
  const catalog: Catalog = new Map();
  for (const p of PRODUCTS) {
    const subcategory = lists.subcategories.get(p.subcategory)!;
    const category = [...lists.categories.values()].find((c) => c.id === (subcategory.category as { id: number }).id)!;
    const manufacturer = p.manufacturer ? lists.manufacturers.get(p.manufacturer) : undefined;
    const vendor = p.vendor ? vendors.get(p.vendor) : undefined;
    const hardware = p.type === "hardware";
    catalog.set(p.identifier, ctx.insert("/procurement/catalog", {
      identifier: p.identifier, description: p.description, inactiveFlag: false,
      subcategory: ref("ProductSubCategoryReference", subcategory), type: ref("ProductTypeReference", lists.productTypes[p.type]),
      productClass: p.productClass, serializedFlag: hardware && p.price > 300, serializedCostFlag: false, phaseProductFlag: false,
      unitOfMeasure: ref("UnitOfMeasureReference", lists.units[p.unit]), minStockLevel: 0, price: p.price, cost: p.cost,
      priceAttribute: p.type === "service" ? "TimeAndMaterials" : "FixedFee", taxableFlag: hardware, dropShipFlag: hardware && p.price > 1000,
      specialOrderFlag: false, customerDescription: p.description,
      ...(manufacturer ? { manufacturer: ref("ManufacturerReference", manufacturer) } : {}), manufacturerPartNumber: p.partNumber ?? p.identifier,
      ...(vendor ? { vendor: ref("CompanyReference", vendor), vendorSku: p.partNumber ?? p.identifier } : {}),
      recurringFlag: p.recurring === true,
      ...(p.recurring ? { recurringRevenue: p.price, recurringCost: p.cost, recurringOneTimeFlag: false, recurringBillCycle: ref("BillingCycleReference", system.billingCycles.monthly), recurringCycleType: "ContractYear" } : {}),
      calculatedPriceFlag: false, calculatedCostFlag: false, category: ref("ProductCategoryReference", category), billableOption: "Billable",
      markupFlag: false, autoUpdateUnitCostFlag: false, autoUpdateUnitPriceFlag: false,
    }, { at }));
  }
  return catalog;
}
