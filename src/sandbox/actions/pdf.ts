/**
 * A small, valid PDF for GET /finance/invoices/{id}/pdf: one page of Helvetica text with the invoice's
 * number, company, dates and total. Byte offsets in the cross-reference table are computed, so PDF
 * readers open it without repair.
 */
import type { Row } from "../store.js";

export function invoicePdf(invoice: Row): Buffer {
  const company = typeof invoice.company === "object" && invoice.company ? (invoice.company as Record<string, unknown>).name : undefined;
  const lines = [
    `Invoice ${String(invoice.invoiceNumber ?? invoice.id)}`,
    `Company: ${String(company ?? "")}`,
    `Date: ${String(invoice.date ?? "").slice(0, 10)}   Due: ${String(invoice.dueDate ?? "").slice(0, 10)}`,
    `Total: ${Number(invoice.total ?? 0).toFixed(2)}   Balance: ${Number(invoice.balance ?? 0).toFixed(2)}`,
    "ConnectWise PSA sandbox",
  ];
  const text = lines.map((line, i) => `BT /F1 ${i === 0 ? 18 : 11} Tf 72 ${720 - i * 24} Td (${escape(line)}) Tj ET`).join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    `<< /Length ${Buffer.byteLength(text, "latin1")} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

/** PDF string literals escape backslash and parentheses; non-Latin-1 characters become "?". */
function escape(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, "?").replace(/([\\()])/g, "\\$1");
}
