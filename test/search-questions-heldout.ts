/** Held-out questions written independently of the search's tuning; reported separately. */
export const HELDOUT_QUESTIONS: [question: string, expected: string][] = [
  // procurement
  ["which warehouses do we keep stock in", "GET /procurement/warehouses"],
  ["serial numbers of the laptops we have sitting on the shelf", "GET /procurement/onhandserialnumbers"],
  ["how many units of this catalog item do we have on hand", "GET /procurement/catalog/{catalogItemIdentifier}/quantityOnHand"],
  ["raise a PO with the vendor for two new firewalls", "POST /procurement/purchaseorders"],
  ["RMA statuses", "GET /procurement/rmaStatuses"],
  ["write off a damaged switch from inventory with a stock adjustment", "POST /procurement/adjustments"],
  ["shipping methods like UPS or FedEx ground", "GET /procurement/shipmentmethods"],
  ["list the manufacturers in our product catalog", "GET /procurement/manufacturers"],
  ["bins inside the warehouse", "GET /procurement/warehouseBins"],

  // finance
  ["record a customer's payment against an invoice", "POST /finance/invoices/{parentId}/payments"],
  ["invoices that haven't been posted to QuickBooks yet", "GET /finance/accounting/unpostedinvoices"],
  ["tax codes", "GET /finance/taxCodes"],
  ["billing terms like net 30", "GET /finance/billingTerms"],
  ["chart of GL accounts", "GET /finance/glAccounts"],
  ["generate the invoice for a managed services contract right now", "POST /finance/agreements/{id}/invoice"],
  ["which devices are covered under a client's agreement", "GET /finance/agreements/{parentId}/configurations"],
  ["set up a new recurring agreement for a customer", "POST /finance/agreements"],
  ["agreement types", "GET /finance/agreements/types"],
  ["past accounting export batches", "GET /finance/accounting/batches"],

  // sales
  ["we won the deal, turn the opportunity into a project", "POST /sales/opportunities/{id}/convertToProject"],
  ["open sales orders for hardware", "GET /sales/orders"],
  ["sales quota for each rep this quarter", "GET /sales/quotas"],
  ["log a new opportunity for a prospect", "POST /sales/opportunities"],
  ["sales team members", "GET /sales/salesTeams/{parentId}/members"],

  // marketing
  ["marketing campaigns running right now", "GET /marketing/campaigns"],
  ["who opened the newsletter email from a campaign", "GET /marketing/campaigns/{parentId}/emailsOpened"],
  ["add a contact to a marketing mailing group", "POST /marketing/groups/{parentId}/contacts"],

  // system setup
  ["deactivate a tech who left the company", "POST /system/members/{id}/deactivate"],
  ["security roles", "GET /system/securityroles"],
  ["what certifications does this engineer hold", "GET /system/members/{parentId}/certifications"],
  ["skills of a technician", "GET /system/members/{parentId}/skills"],
  ["our office locations", "GET /system/locations"],
  ["email connectors that turn inbound email into tickets", "GET /system/emailConnectors"],
  ["workflow rules", "GET /system/workflows"],
  ["upload a file to a record", "POST /system/documents"],
  ["download an attached document", "GET /system/documents/{id}/download"],
  ["who is in or out of the office on the in/out board", "GET /system/inOutBoards"],

  // schedule
  ["cancel a tech's dispatch appointment", "DELETE /schedule/entries/{id}"],
  ["move an onsite visit to tomorrow morning", "PATCH /schedule/entries/{id}"],
  ["schedule types", "GET /schedule/types"],

  // project
  ["who is on the project team", "GET /project/projects/{parentId}/teamMembers"],
  ["project templates", "GET /project/projectTemplates/"],
  ["add a phase to a project", "POST /project/projects/{parentId}/phases"],
  ["show the workplan of a project", "GET /project/projects/{id}/projectWorkplan"],
  ["add a note to a project ticket", "POST /project/tickets/{parentId}/notes"],

  // time
  ["charge codes", "GET /time/chargeCodes"],
  ["reject a timesheet and send it back", "POST /time/sheets/{id}/reject"],
  ["fix the hours on a time entry I logged", "PATCH /time/entries/{id}"],
  ["running stopwatches on tickets", "GET /time/ticketstopwatches"],

  // expense
  ["submit a mileage expense", "POST /expense/entries"],
  ["approve an expense report", "POST /expense/reports/{id}/approve"],
  ["expense types", "GET /expense/types"],

  // company
  ["merge two duplicate customer records", "POST /company/companies/{id}/merge"],
  ["add a new contact at a client", "POST /company/contacts"],
  ["find the laptop serial numbers for a client", "GET /company/configurations"],
  ["add a new asset for a customer", "POST /company/configurations"],
  ["company types like prospect, client or vendor", "GET /company/companies/types"],
  ["remove a contact who left the customer", "DELETE /company/contacts/{id}"],
  ["account manager and team assigned to a client", "GET /company/companies/{parentId}/teams"],
  ["RMM integrations", "GET /company/managedDevicesIntegrations"],

  // service
  ["new ticket: the printer at Acme is down", "POST /service/tickets"],
  ["link a device to a ticket", "POST /service/tickets/{parentId}/configurations"],
  ["ticket types on a board", "GET /service/boards/{parentId}/types"],
  ["ticket sources like phone, email or portal", "GET /service/sources"],
  ["duplicate a ticket", "POST /service/tickets/{id}/copy"],
  ["responses to a customer satisfaction survey", "GET /service/surveys/{parentId}/results"],
  ["hardware and parts used on a ticket", "GET /service/tickets/{parentId}/products"],
  ["delete a ticket opened by mistake", "DELETE /service/tickets/{id}"],
  ["canned standard notes", "GET /system/standardNotes"],
];
