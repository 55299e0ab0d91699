/**
 * Functions that run inside the page (passed to Playwright's evaluate), so each is self-contained: no
 * imports, no outer variables. The project compiles without the DOM library, so the few DOM members they
 * use are described here.
 */

export interface DomNode {
  tagName: string;
  id: string;
  textContent: string | null;
  parentElement: DomNode | null;
  children: ArrayLike<DomNode>;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
  closest(selector: string): DomNode | null;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
}

interface DomDocument {
  title: string;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
}

export interface TableData {
  header: string[];
  rows: string[][];
}

/** A table's header cells and body rows as text (the element itself, or the first table inside it). */
export function readTable(el: DomNode): TableData | undefined {
  const t = el.tagName === "TABLE" ? el : el.querySelector("table");
  if (!t) return undefined;
  const text = (c: DomNode) => (c.textContent ?? "").trim();
  const all = Array.from(t.querySelectorAll("tr")).filter((tr) => tr.closest("table") === t);
  const headRow = all.find((tr) => tr.parentElement?.tagName === "THEAD") ?? all.find((tr) => tr.querySelector("th") !== null && tr.querySelector("td") === null);
  const header = headRow ? Array.from(headRow.children).map(text) : [];
  const body = all.filter((tr) => tr !== headRow && tr.parentElement?.tagName !== "THEAD" && tr.parentElement?.tagName !== "TFOOT");
  return { header, rows: body.map((tr) => Array.from(tr.children).map(text)) };
}

export interface PageFacts {
  title: string;
  heading: string;
  description: string;
  tables: { selector: string; columns: string[]; rowCount: number; sample: string[][] }[];
  exports: { selector: string; text: string }[];
  fields: { name: string; kind: "date" | "text" | "choice"; label: string; value: string; choices: string[]; required: boolean }[];
}

/**
 * What a report page offers: its tables (with a selector that finds each again), CSV export controls, and the
 * fields of its parameter form (GET forms only: a POST form is an action, not a report parameter).
 */
export function inspectDocument(doc: DomDocument): PageFacts {
  const text = (n: DomNode | null) => (n?.textContent ?? "").replace(/\s+/g, " ").trim();
  const cssId = (id: string) => (/^[A-Za-z][\w-]*$/.test(id) ? `#${id}` : `[id="${id.replace(/["\\]/g, "\\$&")}"]`);
  const tables = Array.from(doc.querySelectorAll("table")).map((t, i) => {
    const rows = Array.from(t.querySelectorAll("tr")).filter((tr) => tr.closest("table") === t);
    const headRow = rows.find((tr) => tr.parentElement?.tagName === "THEAD") ?? rows.find((tr) => tr.querySelector("th") !== null && tr.querySelector("td") === null);
    const body = rows.filter((tr) => tr !== headRow && tr.parentElement?.tagName !== "THEAD" && tr.parentElement?.tagName !== "TFOOT");
    return {
      selector: t.id ? cssId(t.id) : `table >> nth=${i}`,
      columns: headRow ? Array.from(headRow.children).map(text) : [],
      rowCount: body.length,
      sample: body.slice(0, 3).map((tr) => Array.from(tr.children).map(text)),
    };
  });
  const exportish = /\b(export|csv|download)\b/i;
  const exports = Array.from(doc.querySelectorAll("a, button"))
    .filter((el) => {
      const href = el.getAttribute("href") ?? "";
      return /\.csv(\?|$)/i.test(href) || (el.hasAttribute("download") && href !== "") || (exportish.test(text(el)) && /csv/i.test(text(el) + href));
    })
    .map((el) => ({ selector: el.id ? cssId(el.id) : `${el.tagName.toLowerCase()}:has-text(${JSON.stringify(text(el))})`, text: text(el) }));
  const fields: PageFacts["fields"] = [];
  for (const form of Array.from(doc.querySelectorAll("form"))) {
    if ((form.getAttribute("method") ?? "get").toLowerCase() !== "get") continue;
    for (const input of Array.from(form.querySelectorAll("input[name], select[name]"))) {
      const type = (input.getAttribute("type") ?? "text").toLowerCase();
      if (["hidden", "submit", "button", "password", "file", "image", "reset"].includes(type)) continue;
      const name = input.getAttribute("name") ?? "";
      const label = input.id ? text(doc.querySelector(`label[for="${input.id.replace(/["\\]/g, "\\$&")}"]`)) : "";
      const select = input.tagName === "SELECT";
      const options = select ? Array.from(input.querySelectorAll("option")) : [];
      const chosen = options.find((o) => o.hasAttribute("selected"));
      fields.push({
        name,
        kind: select ? "choice" : type === "date" ? "date" : "text",
        label: label.replace(/\s*\(optional\)\s*$/i, ""),
        value: select ? (chosen?.getAttribute("value") ?? text(chosen ?? null)) : (input.getAttribute("value") ?? ""),
        choices: options.map((o) => o.getAttribute("value") ?? text(o)).filter(Boolean),
        required: input.hasAttribute("required"),
      });
    }
  }
  const heading = text(doc.querySelector("h1"));
  const description = text(doc.querySelector("h1 + p")) || (doc.querySelector('meta[name="description"]')?.getAttribute("content") ?? "");
  return { title: doc.title, heading, description, tables, exports, fields };
}
