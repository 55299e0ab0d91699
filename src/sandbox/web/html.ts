/**
 * HTML for the sandbox web UI: escaping and the page layout. Every dynamic value goes through
 * `escapeHtml` (ticket summaries, names and board names are user-authored), and pages carry no script.
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

export interface Layout {
  title: string;
  /** The web-version prefix, e.g. "v2026_1", for the navigation links. */
  version: string;
  /** The signed-in user; navigation (reports, sign out) is shown only when there is one. */
  user?: string;
}

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2433;background:#f5f6f8}
header{background:#0b3d60;color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.5rem;align-items:center}
header a{color:#fff}
header .brand{font-weight:600;margin-right:auto}
main{padding:1rem 1.5rem;max-width:72rem}
table{border-collapse:collapse;background:#fff;margin:1rem 0}
th,td{border:1px solid #cfd5de;padding:.3rem .6rem;text-align:left;vertical-align:top}
thead th{background:#e8ecf2}
td.num{text-align:right;font-variant-numeric:tabular-nums}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}
dt{font-weight:600}
dd{margin:0}
form label{display:block;margin:.5rem 0 .2rem}
form input,form select{padding:.3rem;min-width:16rem}
button{margin-top:.8rem;padding:.4rem 1rem}
.error{color:#8a1020;background:#fde8eb;border:1px solid #f3b5bf;padding:.5rem .8rem}
.muted{color:#5b6475}
`;

/** A complete HTML document around `body` (already-escaped HTML). */
export function layout(page: Layout, body: string): string {
  const v = escapeHtml(page.version);
  const nav = page.user
    ? `<nav aria-label="Main"><a href="/${v}/reports">Reports</a></nav><span>${escapeHtml(page.user)}</span><a href="/${v}/logout">Sign out</a>`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} · ConnectWise Sandbox</title>
<style>${STYLE}</style>
</head>
<body>
<header><span class="brand">ConnectWise PSA Sandbox</span>${nav}</header>
<main>
${body}
</main>
</body>
</html>
`;
}
