/**
 * Client configurations (assets): workstations and laptops, servers and their VMs, firewalls,
 * switches, access points, printers, NAS, UPS and backup appliances, with serials, models, network
 * details and warranties. Purchases spread over six years, so many warranties have run out and some
 * run out in the coming weeks.
 */
import type { JsonObject, Row } from "../store.js";
import type { CompanyInfo, Companies } from "./companies.js";
import type { SeedContext } from "./context.js";
import { DAY, iso, startOfDay } from "./dates.js";
import type { MemberInfo } from "./members.js";
import type { Random } from "../random.js";
import { ref } from "./refs.js";
import type { Setup } from "./setup.js";
import type { ConfigurationTypeName } from "./setup-lists.js";

interface Model {
  manufacturer: string;
  model: string;
  vendor?: string;
  warrantyYears: number;
  os?: string;
  osInfo?: string;
  cpu?: string;
  ram?: string;
  disk?: string;
  serial: (rng: Random) => string;
}

const ALNUM = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const alnum = (rng: Random, n: number) => {
  let s = "";
  for (let i = 0; i < n; i++) s += ALNUM.charAt(rng.int(0, ALNUM.length - 1));
  return s;
};
const num = (rng: Random, n: number) => {
  let s = "";
  for (let i = 0; i < n; i++) s += String(rng.int(0, 9));
  return s;
};

const MODELS: Record<ConfigurationTypeName, readonly Model[]> = {
  "Managed Workstation": [
    { manufacturer: "Dell", model: "OptiPlex 7010 SFF", vendor: "DellTechnologies", warrantyYears: 3, os: "Windows 11 Pro", osInfo: "23H2 (22631)", cpu: "Intel Core i5-13500 2.5 GHz", ram: "16 GB", disk: "C: 512 GB NVMe", serial: (r) => alnum(r, 7) },
    { manufacturer: "HP", model: "EliteDesk 800 G9 Mini", vendor: "TDSynnex", warrantyYears: 3, os: "Windows 11 Pro", osInfo: "23H2 (22631)", cpu: "Intel Core i5-12500T 2.0 GHz", ram: "16 GB", disk: "C: 256 GB NVMe", serial: (r) => `MXL${num(r, 7)}` },
    { manufacturer: "Lenovo", model: "ThinkCentre M70q Gen 3", vendor: "IngramMicro", warrantyYears: 3, os: "Windows 10 Pro", osInfo: "22H2 (19045)", cpu: "Intel Core i5-12400T 1.8 GHz", ram: "8 GB", disk: "C: 256 GB NVMe", serial: (r) => `MJ${alnum(r, 6)}` },
  ],
  Laptop: [
    { manufacturer: "Dell", model: "Latitude 5440", vendor: "DellTechnologies", warrantyYears: 3, os: "Windows 11 Pro", osInfo: "23H2 (22631)", cpu: "Intel Core i5-1345U 1.6 GHz", ram: "16 GB", disk: "C: 512 GB NVMe", serial: (r) => alnum(r, 7) },
    { manufacturer: "HP", model: "EliteBook 840 G10", vendor: "IngramMicro", warrantyYears: 3, os: "Windows 11 Pro", osInfo: "23H2 (22631)", cpu: "Intel Core i7-1355U 1.7 GHz", ram: "16 GB", disk: "C: 512 GB NVMe", serial: (r) => `5CD${num(r, 3)}${alnum(r, 4)}` },
    { manufacturer: "Lenovo", model: "ThinkPad T14 Gen 4", vendor: "IngramMicro", warrantyYears: 3, os: "Windows 11 Pro", osInfo: "22H2 (22621)", cpu: "AMD Ryzen 5 PRO 7540U 3.2 GHz", ram: "16 GB", disk: "C: 512 GB NVMe", serial: (r) => `PF${alnum(r, 6)}` },
  ],
  "Managed Server": [
    { manufacturer: "Dell", model: "PowerEdge R650", vendor: "DellTechnologies", warrantyYears: 5, os: "Windows Server 2022 Standard", osInfo: "21H2 (20348)", cpu: "2x Intel Xeon Silver 4314 2.4 GHz", ram: "128 GB", disk: "RAID10 4x 1.92 TB SSD", serial: (r) => alnum(r, 7) },
    { manufacturer: "Dell", model: "PowerEdge T550", vendor: "DellTechnologies", warrantyYears: 5, os: "Windows Server 2019 Standard", osInfo: "1809 (17763)", cpu: "Intel Xeon Silver 4310 2.1 GHz", ram: "64 GB", disk: "RAID5 4x 2 TB SAS", serial: (r) => alnum(r, 7) },
    { manufacturer: "HP", model: "ProLiant DL380 Gen10", vendor: "IngramMicro", warrantyYears: 5, os: "Windows Server 2016 Standard", osInfo: "1607 (14393)", cpu: "2x Intel Xeon Gold 5218 2.3 GHz", ram: "96 GB", disk: "RAID6 6x 1.2 TB SAS", serial: (r) => `MXQ${num(r, 7)}` },
  ],
  "Virtual Server": [
    { manufacturer: "Microsoft", model: "Hyper-V Virtual Machine", warrantyYears: 0, os: "Windows Server 2022 Standard", osInfo: "21H2 (20348)", cpu: "4 vCPU", ram: "16 GB", disk: "C: 120 GB, D: 500 GB", serial: (r) => `VMW-${num(r, 4)}-${num(r, 4)}` },
  ],
  Firewall: [
    { manufacturer: "Fortinet", model: "FortiGate 60F", vendor: "IngramMicro", warrantyYears: 3, os: "FortiOS", osInfo: "7.2.8", serial: (r) => `FGT60F${num(r, 10)}` },
    { manufacturer: "Fortinet", model: "FortiGate 80F", vendor: "IngramMicro", warrantyYears: 3, os: "FortiOS", osInfo: "7.4.3", serial: (r) => `FGT80F${num(r, 10)}` },
    { manufacturer: "Cisco Meraki", model: "MX68", vendor: "TDSynnex", warrantyYears: 5, os: "Meraki MX", osInfo: "18.107", serial: (r) => `Q2KY-${alnum(r, 4)}-${alnum(r, 4)}` },
  ],
  Switch: [
    { manufacturer: "Cisco Meraki", model: "MS120-24P", vendor: "TDSynnex", warrantyYears: 5, os: "Meraki MS", osInfo: "15.21", serial: (r) => `Q2HP-${alnum(r, 4)}-${alnum(r, 4)}` },
    { manufacturer: "Ubiquiti", model: "USW-Pro-24-PoE", vendor: "IngramMicro", warrantyYears: 1, os: "UniFi OS", osInfo: "6.6.61", serial: (r) => alnum(r, 12) },
  ],
  "Wireless Access Point": [
    { manufacturer: "Cisco Meraki", model: "MR36", vendor: "TDSynnex", warrantyYears: 5, os: "Meraki MR", osInfo: "30.6", serial: (r) => `Q3AB-${alnum(r, 4)}-${alnum(r, 4)}` },
    { manufacturer: "Ubiquiti", model: "U6-Pro", vendor: "IngramMicro", warrantyYears: 1, os: "UniFi OS", osInfo: "6.6.77", serial: (r) => alnum(r, 12) },
  ],
  Printer: [
    { manufacturer: "HP", model: "LaserJet Pro M404dn", vendor: "TDSynnex", warrantyYears: 1, serial: (r) => `PHB${alnum(r, 7)}` },
    { manufacturer: "Brother", model: "MFC-L8900CDW", vendor: "AmazonBusiness", warrantyYears: 1, serial: (r) => `U6${num(r, 4)}${alnum(r, 8)}` },
    { manufacturer: "Ricoh", model: "IM C3000", warrantyYears: 3, serial: (r) => `3${num(r, 9)}` },
  ],
  NAS: [
    { manufacturer: "Synology", model: "DS923+", vendor: "AmazonBusiness", warrantyYears: 3, os: "DSM", osInfo: "7.2.1", serial: (r) => `2260P${alnum(r, 8)}` },
    { manufacturer: "Synology", model: "RS1221+", vendor: "AmazonBusiness", warrantyYears: 3, os: "DSM", osInfo: "7.2.1", serial: (r) => `2150P${alnum(r, 8)}` },
  ],
  UPS: [
    { manufacturer: "APC", model: "Smart-UPS 1500VA SMT1500RM2U", vendor: "IngramMicro", warrantyYears: 3, serial: (r) => `AS${num(r, 10)}` },
    { manufacturer: "APC", model: "Smart-UPS X 3000VA SMX3000RMLV2U", vendor: "IngramMicro", warrantyYears: 3, serial: (r) => `AS${num(r, 10)}` },
  ],
  "Backup Appliance": [
    { manufacturer: "Datto", model: "SIRIS 4 Professional", vendor: "Datto", warrantyYears: 5, os: "Datto OS", osInfo: "4.12", serial: (r) => `${alnum(r, 12)}` },
    { manufacturer: "Datto", model: "ALTO 4", vendor: "Datto", warrantyYears: 3, os: "Datto OS", osInfo: "4.12", serial: (r) => `${alnum(r, 12)}` },
  ],
};

const NAME_CODES: Record<ConfigurationTypeName, string> = {
  "Managed Workstation": "WS", Laptop: "LT", "Managed Server": "SRV", "Virtual Server": "VM", Firewall: "FW", Switch: "SW",
  "Wireless Access Point": "AP", Printer: "PRN", NAS: "NAS", UPS: "UPS", "Backup Appliance": "BDR",
};

export interface CompanyConfigurations {
  workstations: Row[];
  servers: Row[];
  firewalls: Row[];
  printers: Row[];
  all: Row[];
}

export function seedConfigurations(ctx: SeedContext, setup: Setup, companies: Companies, members: readonly MemberInfo[]): Map<number, CompanyConfigurations> {
  const rng = ctx.random("configurations");
  const { lists } = setup;
  const vendors = new Map(companies.vendors.map((v) => [String(v.row.identifier), v.row]));
  const installers = members.filter((m) => m.role === "onsite" || m.role === "network" || m.role === "project");
  const byCompany = new Map<number, CompanyConfigurations>();
  const clients = companies.clients.filter((c) => !c.former);
  // Guarantee warranties running out in the coming weeks (alongside the natural ones).
  const soon = new Set(rng.sample(clients.map((c) => c.id), ctx.scale.plants));
  clients.forEach((company, index) => {
    const managed = company.tier === "managed";
    const share = managed ? 1 : 0.4;
    const seats = Math.max(1, Math.round(Math.min(company.employees, 30) * share));
    const hasServer = company.employees > 12 || rng.chance(0.4);
    const counts: [ConfigurationTypeName, number][] = [
      ["Firewall", company.sites.length],
      ["Switch", company.sites.length + Math.floor(company.employees / 60)],
      ["Wireless Access Point", managed ? 1 + Math.floor(company.employees / 30) : 0],
      ["Managed Server", hasServer ? 1 + (company.employees > 80 ? 1 : 0) : 0],
      ["Virtual Server", hasServer && company.employees > 25 ? rng.int(1, 3) : 0],
      ["Printer", Math.min(4, 1 + Math.floor(company.employees / 25))],
      ["NAS", rng.chance(0.25) ? 1 : 0],
      ["UPS", hasServer ? 1 : 0],
      ["Backup Appliance", managed && hasServer && rng.chance(0.7) ? 1 : 0],
      ["Managed Workstation", Math.round(seats * 0.6)],
      ["Laptop", seats - Math.round(seats * 0.6)],
    ];
    const subnet = `10.${20 + Math.floor(index / 200)}.${index % 200}`;
    const result: CompanyConfigurations = { workstations: [], servers: [], firewalls: [], printers: [], all: [] };
    const hostNumbers = { server: 10, network: 2, printer: 50, client: 100 };
    let first = true;
    for (const [typeName, count] of counts) {
      for (let n = 1; n <= count; n++) {
        const model = rng.pick(MODELS[typeName]);
        const site = typeName === "Firewall" || typeName === "Switch" ? company.sites[(n - 1) % company.sites.length]! : company.sites[0]!;
        const isClient = typeName === "Managed Workstation" || typeName === "Laptop";
        const contact = isClient ? company.contacts[(n - 1) % company.contacts.length] : undefined;
        const ageDays = typeName === "Virtual Server" ? rng.int(100, 1500) : rng.int(20, 6 * 365);
        let purchased = startOfDay(Math.min(ctx.now - 20 * DAY, Math.max(company.since - 400 * DAY, ctx.now - ageDays * DAY)));
        if (first && soon.has(company.id) && model.warrantyYears > 0) {
          // Its warranty ends 5–55 days from now.
          purchased = startOfDay(ctx.now + rng.int(5, 55) * DAY - model.warrantyYears * 365 * DAY);
          first = false;
        }
        const installed = purchased + rng.int(2, 21) * DAY;
        const warrantyEnd = model.warrantyYears > 0 ? purchased + model.warrantyYears * 365 * DAY : undefined;
        const retired = isClient && warrantyEnd !== undefined && warrantyEnd < ctx.now - 700 * DAY && rng.chance(0.5);
        const host = typeName === "Managed Server" || typeName === "Virtual Server" || typeName === "NAS" || typeName === "Backup Appliance" ? hostNumbers.server++
          : typeName === "Firewall" ? 1 : typeName === "Printer" ? hostNumbers.printer++ : isClient ? hostNumbers.client++ : typeName === "UPS" ? 40 + n : hostNumbers.network++;
        const name = typeName === "Managed Server" && n === 1 ? `${company.code}-DC01` : `${company.code}-${NAME_CODES[typeName]}${String(n).padStart(isClient ? 3 : 2, "0")}`;
        const vendor = model.vendor ? vendors.get(model.vendor) : undefined;
        const installer = installers.length > 0 ? rng.pick(installers) : undefined;
        // Built field by field: there are thousands.
        const record: JsonObject = {
          name, type: ref("ConfigurationTypeReference", lists.configurationTypes.get(typeName)!),
          status: ref("ConfigurationStatusReference", retired ? lists.configurationStatuses.retired : lists.configurationStatuses.active),
          company: ref("CompanyReference", company.row), site: ref("SiteReference", site), deviceIdentifier: `${company.code}-${String(rng.int(100000, 999999))}`,
          serialNumber: model.serial(rng), modelNumber: model.model, tagNumber: `${company.code}${String(1000 + result.all.length)}`,
          purchaseDate: iso(purchased), installationDate: iso(installed),
          notes: isClient && contact ? `Assigned to ${String(contact.firstName)} ${String(contact.lastName)}.` : `${model.manufacturer} ${model.model} at ${String(site.name)}.`,
          macAddress: mac(rng), billFlag: company.tier === "managed" && !retired, ipAddress: `${subnet}.${host}`, defaultGateway: `${subnet}.1`,
          manufacturer: ref("ManufacturerReference", lists.manufacturers.get(model.manufacturer)!), activeFlag: !retired,
          displayVendorFlag: false, showRemoteFlag: managed, showAutomateFlag: managed,
          needsRenewalFlag: warrantyEnd !== undefined && warrantyEnd > ctx.now && warrantyEnd < ctx.now + 60 * DAY,
          manufacturerPartNumber: model.model.toUpperCase().replace(/\s+/g, "-").slice(0, 50),
        };
        if (contact) record.contact = ref("ContactReference", contact);
        if (installer) record.installedBy = ref("MemberReference", installer.row);
        if (warrantyEnd !== undefined) record.warrantyExpirationDate = iso(warrantyEnd);
        if (isClient && contact) record.lastLoginName = `${company.code}\\${String(contact.firstName).charAt(0).toLowerCase()}${String(contact.lastName).toLowerCase().replace(/[^a-z]/g, "")}`;
        if (model.os) record.osType = model.os;
        if (model.osInfo) record.osInfo = model.osInfo;
        if (model.cpu) record.cpuSpeed = model.cpu;
        if (model.ram) record.ram = model.ram;
        if (model.disk) record.localHardDrives = model.disk;
        if (vendor) record.vendor = ref("CompanyReference", vendor);
        if (typeName === "Firewall") record.managementLink = `https://${subnet}.1:8443`;
        if (company.tier === "managed" && (isClient || typeName === "Managed Server")) record.remoteLink = `https://control.tidewatertech.com/Host#Access/All%20Machines/${name}`;
        const row = ctx.insert("/company/configurations", record, { at: Math.min(ctx.now - DAY, Math.max(installed, company.since)), ...(installer ? { by: installer.identifier } : {}) });
        result.all.push(row);
        if (!retired) {
          if (isClient) result.workstations.push(row);
          else if (typeName === "Managed Server" || typeName === "Virtual Server") result.servers.push(row);
          else if (typeName === "Firewall") result.firewalls.push(row);
          else if (typeName === "Printer") result.printers.push(row);
        }
      }
    }
    byCompany.set(company.id, result);
  });
  return byCompany;
}

function mac(rng: Random): string {
  return Array.from({ length: 6 }, (_, i) => (i === 0 ? "00" : rng.int(0, 255).toString(16).padStart(2, "0"))).join(":").toUpperCase();
}

export function configurationsOf(byCompany: Map<number, CompanyConfigurations>, company: CompanyInfo): CompanyConfigurations {
  return byCompany.get(company.id) ?? { workstations: [], servers: [], firewalls: [], printers: [], all: [] };
}
