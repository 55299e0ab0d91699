/**
 * Purchase orders to distributors for client hardware (often drop-shipped) and stock, with line items
 * received, partly received or still on order depending on the order's age.
 */
import type { JsonObject, Row } from "../store.js";
import type { Catalog } from "./catalog.js";
import { contactName, contactPhone, type Companies } from "./companies.js";
import type { SeedContext } from "./context.js";
import { DAY, HOUR, iso, nextWeekday, yearOf } from "./dates.js";
import type { MemberInfo } from "./members.js";
import { ref } from "./refs.js";
import type { Setup } from "./setup.js";

type PoStatus = "new" | "ordered" | "partial" | "received" | "cancelled";

export function seedPurchaseOrders(ctx: SeedContext, setup: Setup, companies: Companies, catalog: Catalog, members: readonly MemberInfo[]): Row[] {
  const rng = ctx.random("purchase-orders");
  const { lists, system } = setup;
  const hardware = [...catalog.values()].filter((p) => p.productClass === "Inventory");
  const distributors = companies.vendors.filter((v) => ["IngramMicro", "TDSynnex", "DellTechnologies", "AmazonBusiness", "CDW"].includes(String(v.row.identifier)));
  const vendors = distributors.length > 0 ? distributors : companies.vendors;
  const buyer = members.find((m) => m.role === "admin") ?? members.find((m) => m.role === "owner")!;
  const clients = companies.clients.filter((c) => !c.former);
  const days = Math.floor((ctx.now - ctx.historyStart) / DAY);
  const dates = Array.from({ length: ctx.scale.purchaseOrders }, () => nextWeekday(ctx.historyStart + rng.int(0, days - 1) * DAY, rng.int(8, 16), rng.int(0, 59))).filter((d) => d < ctx.now).sort((a, b) => a - b);
  const rows: Row[] = [];
  dates.forEach((poDate, i) => {
    if (vendors.length === 0) return;
    const vendor = rng.pick(vendors);
    const forClient = rng.chance(0.8) ? rng.pick(clients) : undefined;
    const age = (ctx.now - poDate) / DAY;
    const status: PoStatus = age > 21 ? rng.weighted([["received", 90], ["cancelled", 5], ["partial", 5]] as const)
      : age > 7 ? rng.weighted([["ordered", 40], ["partial", 30], ["received", 30]] as const) : rng.weighted([["new", 50], ["ordered", 50]] as const);
    const poNumber = `PO${yearOf(poDate)}-${String(i + 1).padStart(5, "0")}`;
    const lines = rng.sample(hardware, rng.int(1, 4)).map((product, n) => {
      const quantity = Number(product.price) > 3000 ? 1 : rng.int(1, Number(product.price) > 500 ? 5 : 10);
      const received = status === "received" ? quantity : status === "partial" ? (n === 0 ? Math.max(0, quantity - 1) : rng.int(0, quantity)) : 0;
      return { product, quantity, received };
    });
    const subTotal = round2(lines.reduce((s, l) => s + l.quantity * Number(l.product.cost), 0));
    const freight = rng.chance(0.4) ? round2(rng.float(12, 45)) : 0;
    const closed = status === "received" || status === "cancelled";
    const closedAt = closed ? Math.min(ctx.now - HOUR, poDate + rng.int(3, 12) * DAY) : undefined;
    const vendorContact = vendor.contacts[0];
    const shipped = status !== "new" && status !== "cancelled";
    const tracking = shipped ? `1Z${String(rng.int(100000, 999999))}${String(rng.int(10000000, 99999999))}` : undefined;
    const site = forClient?.sites[0];
    const record: JsonObject = {
      businessUnitId: system.departments.services.id, businessUnit: ref("BillingUnitReference", system.departments.services),
      ...(status === "cancelled" ? { cancelReason: "Client cancelled the order" } : {}), closedFlag: closed, ...(closed ? { closedBy: buyer.identifier, dateClosed: iso(closedAt!) } : {}),
      ...(forClient && site ? {
        customerCompany: ref("CompanyReference", forClient.row), customerContact: ref("ContactReference", forClient.primary), customerCity: site.city,
        customerName: contactName(forClient.primary), customerPhone: contactPhone(forClient.primary), customerSite: ref("SiteReference", site), customerSiteName: site.name,
        customerState: (site.stateReference as JsonObject | undefined)?.identifier, customerStreetLine1: site.addressLine1, customerZip: site.zip,
        customerCountry: ref("CountryReference", system.country),
      } : {}),
      dropShipCustomerFlag: forClient !== undefined && rng.chance(0.6), enteredBy: buyer.identifier, freightCost: freight, freightTaxTotal: 0,
      internalNotes: forClient ? `Ordered for ${String(forClient.row.name)}.` : "Stock for the bench.", locationId: system.locations.tampa.id,
      location: ref("SystemLocationReference", system.locations.tampa), poDate: iso(poDate), poNumber, salesTax: 0,
      ...(shipped ? { shipmentDate: iso(Math.min(ctx.now - HOUR, poDate + rng.int(1, 4) * DAY)), trackingNumber: tracking } : {}),
      status: ref("PurchaseOrderStatusReference", lists.poStatuses[status]), subTotal, taxFreightFlag: false, taxPoFlag: false,
      terms: ref("BillingTermsReference", system.billingTerms.net30), total: round2(subTotal + freight), updateShipmentInfo: false, updateVendorOrderNumber: false,
      vendorCompany: ref("CompanyReference", vendor.row), ...(vendorContact ? { vendorContact: ref("ContactReference", vendorContact) } : {}),
      ...(status === "received" ? { vendorInvoiceDate: iso(Math.min(ctx.now - HOUR, poDate + rng.int(2, 6) * DAY)), vendorInvoiceNumber: `INV${rng.int(1000000, 9999999)}` } : {}),
      ...(status !== "new" ? { vendorOrderNumber: `SO${rng.int(10000000, 99999999)}` } : {}), vendorSite: ref("SiteReference", vendor.sites[0]!),
      currency: ref("CurrencyReference", system.currency),
    };
    const po = ctx.insert("/procurement/purchaseorders", record, { at: poDate, by: buyer.identifier, ...(closedAt !== undefined ? { updatedAt: closedAt } : {}) });
    rows.push(po);
    lines.forEach((line, n) => {
      const unitCost = Number(line.product.cost);
      ctx.insert("/procurement/purchaseorders/{parentId}/lineitems", {
        backorderedFlag: status === "partial" && line.received < line.quantity, canceledFlag: status === "cancelled", closedFlag: closed || line.received === line.quantity,
        ...(status === "cancelled" ? { canceledBy: buyer.identifier, canceledReason: "Order cancelled", dateCanceled: iso(closedAt!) } : {}),
        description: String(line.product.description), displayInternalNotesFlag: false, expectedShipDate: iso(poDate + rng.int(1, 5) * DAY),
        lineNumber: n + 1, product: ref("IvItemReference", line.product), purchaseOrderId: po.id, purchaseOrderNumber: poNumber, quantity: line.quantity,
        receivedQuantity: line.received, tax: 0, unitCost, unitOfMeasure: { ...(line.product.unitOfMeasure as JsonObject) }, vendorSku: line.product.vendorSku ?? line.product.identifier,
        ...(shipped ? { trackingNumber: tracking, shipDate: iso(Math.min(ctx.now - HOUR, poDate + rng.int(1, 4) * DAY)) } : {}),
        ...(line.received > 0 ? { dateReceived: iso(Math.min(ctx.now - HOUR, poDate + rng.int(3, 10) * DAY)) } : {}),
        receivedStatus: line.received === 0 ? "Waiting" : line.received === line.quantity ? "FullyReceived" : "PartiallyReceiveCloneRest",
        extCost: round2(unitCost * line.quantity), expectedArrivalDate: iso(poDate + rng.int(3, 8) * DAY), isDetachAvailable: false, batchedFlag: false,
      }, { at: poDate, by: buyer.identifier, scope: po.id });
    });
  });
  return rows;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
