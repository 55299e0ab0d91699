/**
 * Charts, rendered in the server with no browser: Vega-Lite compiles the spec, Vega's headless view
 * draws it to SVG (renderer "none", no canvas), and resvg (a Rust rasteriser shipped as a prebuilt
 * binary inside its npm package) turns the SVG into PNG.
 *
 * PNG by default because the assistants reading MCP results accept PNG, JPEG, GIF and WebP images but
 * not SVG; "svg" is there for clients that show it. These modules are heavy (~0.5 s to load), so this
 * file is imported only when an answer has a chart, and its loading starts while the data is fetched.
 */
import type { ChartSpec } from "./types.js";

export type ChartFormat = "png" | "svg";

export interface ImageContent {
  type: "image";
  data: string;
  mimeType: string;
}

/** Fonts found on macOS, Windows and common Linux installs, in that order; resvg takes the first it has. */
const FONT = "Helvetica, Arial, 'DejaVu Sans', 'Liberation Sans', sans-serif";

const CONFIG = {
  font: FONT,
  background: "white",
  view: { stroke: null },
  // Names (members, projects, stages) are the point of these charts: room for them, no "…".
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 280 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0 },
  title: { fontSize: 14, anchor: "start" },
};

export async function renderChart(spec: ChartSpec, format: ChartFormat = "png"): Promise<ImageContent> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const compiled = vegaLite.compile({ ...spec, config: { ...CONFIG, ...((spec.config as object | undefined) ?? {}) } } as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  let svg: string;
  try {
    svg = await view.toSVG();
  } finally {
    view.finalize();
  }
  if (format === "svg") return { type: "image", data: Buffer.from(svg).toString("base64"), mimeType: "image/svg+xml" };
  const { Resvg } = await import("@resvg/resvg-js");
  // Twice the size, so text stays crisp when the client scales the picture down.
  const png = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" }, fitTo: { mode: "zoom", value: 2 }, background: "white" }).render().asPng();
  return { type: "image", data: Buffer.from(png).toString("base64"), mimeType: "image/png" };
}
