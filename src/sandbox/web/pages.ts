/**
 * The pages of the web UI, as HTML strings: sign-in, the report list, a report, and the error pages.
 * Elements automation reads carry ids: `#login-error`, `#mfa-code` (the second-factor prompt), `#reports` (links with `data-report-id`),
 * `#parameters` (values in `dd[data-param]`), `#report`, `#row-count`, `#export-csv`, `#parameters-form`,
 * `#param-error` (with `data-param`).
 */
import { escapeHtml as e, layout } from "./html.js";
import type { ParamError, ParamSpec, ParsedParams } from "./params.js";
import { REPORTS, type ReportDefinition, type ReportTable } from "./reports.js";

export interface LoginForm {
  version: string;
  next?: string;
  error?: string;
  company?: string;
  username?: string;
}

export function loginPage(form: LoginForm): string {
  const v = form.version;
  const error = form.error ? `<p class="error" role="alert" id="login-error">${e(form.error)}</p>` : "";
  const next = form.next ? `<input type="hidden" name="next" value="${e(form.next)}">` : "";
  return layout(
    { title: "Sign in", version: v },
    `<h1>Sign in</h1>
${error}
<form method="post" action="/${e(v)}/login">
<label for="company">Company</label>
<input id="company" name="company" autocomplete="organization" required value="${e(form.company)}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required value="${e(form.username)}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
${next}
<div><button type="submit">Sign in</button></div>
</form>`,
  );
}

/** The second-factor prompt ConnectWise shows when a member's account enforces MFA. */
export function mfaPage(form: { version: string; next?: string; error?: string }): string {
  const v = form.version;
  const error = form.error ? `<p class="error" role="alert" id="login-error">${e(form.error)}</p>` : "";
  const next = form.next ? `<input type="hidden" name="next" value="${e(form.next)}">` : "";
  return layout(
    { title: "Verify your identity", version: v },
    `<h1>Two-factor authentication</h1>
${error}
<p>Enter the 6-digit verification code from your authenticator app.</p>
<form method="post" action="/${e(v)}/login/mfa">
<label for="mfa-code">Verification code</label>
<input id="mfa-code" name="code" autocomplete="one-time-code" inputmode="numeric" required>
${next}
<div><button type="submit">Verify</button></div>
</form>`,
  );
}

export function reportListPage(version: string, user: string): string {
  const items = REPORTS.map(
    (r) => `<li>
<h2><a href="${e(reportHref(version, r.id))}" data-report-id="${e(r.id)}">${e(r.name)}</a></h2>
<p>${e(r.description)}</p>
<p class="muted">${r.params.length ? `Parameters: ${r.params.map(paramSummary).join("; ")}` : "No parameters."}</p>
</li>`,
  ).join("\n");
  return layout({ title: "Reports", version, user }, `<h1>Reports</h1>\n<ul id="reports">\n${items}\n</ul>`);
}

export function reportPage(version: string, user: string, report: ReportDefinition, params: ParsedParams, table: ReportTable): string {
  const used = report.params.map((p) => `<dt>${e(p.label)}</dt><dd data-param="${e(p.name)}">${e(params.values[p.name] ?? "All")}</dd>`);
  const context = (table.context ?? []).map(([label, value]) => `<dt>${e(label)}</dt><dd>${e(value)}</dd>`);
  const facts = [...used, ...context];
  const head = table.columns.map((c) => `<th scope="col">${e(c.label)}</th>`).join("");
  const body = table.rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${table.columns[i]?.numeric ? ' class="num"' : ""}>${e(cell)}</td>`).join("")}</tr>`)
    .join("\n");
  const count = table.rows.length === 1 ? "1 row" : `${table.rows.length} rows`;
  const form = report.params.length
    ? `<details><summary>Change parameters</summary>${paramForm(version, report, Object.fromEntries(params.given))}</details>`
    : "";
  return layout(
    { title: report.name, version, user },
    `<h1>${e(report.name)}</h1>
<p class="muted">${e(report.description)}</p>
<h2>Parameters</h2>
${facts.length ? `<dl id="parameters">${facts.join("")}</dl>` : `<p id="parameters">None.</p>`}
<p><a id="export-csv" href="${e(exportHref(version, report.id, params.given))}" download>Export to CSV</a></p>
<table id="report">
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
<p class="muted" id="row-count">${count}${table.rows.length ? "" : " match these parameters."}</p>
${form}`,
  );
}

/** The 400 page: what was wrong, and the parameter form to put it right. */
export function paramErrorPage(version: string, user: string, report: ReportDefinition, error: ParamError, query: URLSearchParams): string {
  const raw = Object.fromEntries(report.params.map((p) => [p.name, query.get(p.name) ?? ""]));
  return layout(
    { title: `${report.name}: bad parameter`, version, user },
    `<h1>${e(report.name)}</h1>
<p class="error" role="alert" id="param-error" data-param="${e(error.param)}">${e(error.message)}</p>
${paramForm(version, report, raw)}`,
  );
}

export function notFoundPage(version: string, user: string | undefined, message: string): string {
  const back = user ? `<p><a href="/${e(version)}/reports">All reports</a></p>` : "";
  return layout({ title: "Not found", version, user }, `<h1>Not found</h1>\n<p>${e(message)}</p>\n${back}`);
}

export function messagePage(version: string, title: string, message: string): string {
  return layout({ title, version }, `<h1>${e(title)}</h1>\n<p>${e(message)}</p>`);
}

export function reportHref(version: string, id: string, params: [string, string][] = []): string {
  return withQuery(`/${version}/reports/${id}`, params);
}

export function exportHref(version: string, id: string, params: [string, string][]): string {
  return withQuery(`/${version}/reports/${id}/export.csv`, params);
}

function withQuery(path: string, params: [string, string][]): string {
  const query = new URLSearchParams(params).toString();
  return query ? `${path}?${query}` : path;
}

function paramSummary(p: ParamSpec): string {
  return `${e(p.name)} (${p.required ? "required" : "optional"}, ${e(p.format)})`;
}

function paramForm(version: string, report: ReportDefinition, values: Record<string, string | undefined>): string {
  const fields = report.params.map((p) => {
    const id = `param-${e(p.name)}`;
    const label = `<label for="${id}">${e(p.label)}${p.required ? "" : " (optional)"}</label>`;
    const value = values[p.name] ?? "";
    if (p.choices) {
      const options = p.choices.map((c) => `<option${c.toLowerCase() === (value || p.fallback || "").toLowerCase() ? " selected" : ""}>${e(c)}</option>`);
      return `${label}<select id="${id}" name="${e(p.name)}">${options.join("")}</select>`;
    }
    const type = p.input === "date" ? "date" : "text";
    return `${label}<input id="${id}" name="${e(p.name)}" type="${type}" value="${e(value)}"${p.required ? " required" : ""}>`;
  });
  return `<form method="get" action="${e(reportHref(version, report.id))}" id="parameters-form">
${fields.join("\n")}
<div><button type="submit">Run report</button></div>
</form>`;
}
