/**
 * `npm run build`: bundle src/cli.ts into dist/cli.js (and the sandbox's worker-thread entry into
 * dist/sandbox-worker.js) with esbuild.
 *
 * Type checking is `npm run typecheck` (tsc --noEmit); the bundle itself only strips types. Packages stay
 * external (better-sqlite3 is native), generated/ is bundled in, and each API module's zod schemas
 * become a lazy chunk under dist/chunks/.
 */
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const EXTERNAL = ["better-sqlite3", "playwright-core", "@resvg/resvg-js", "vega", "vega-lite", "handlebars"];

/**
 * zod re-exports its 40-odd error-message translations as a namespace (`z.locales`), so bundling zod brings
 * all of them (≈ 370 KB of the start-up JavaScript, parsed on every start). Nothing here sets a locale:
 * zod's own schemas import English directly (classic/schemas.js), so the namespace becomes empty.
 */
const zodWithoutLocales: Plugin = {
  name: "zod-without-locales",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: "zod-locales", namespace: "zod-without-locales" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-without-locales" }, () => ({ contents: "export {};", loader: "js" }));
  },
};

/** The SDK's AJV provider, swapped for src/mcp/lazy-ajv-provider.ts (same class, AJV loaded on first use). */
const lazyAjv: Plugin = {
  name: "lazy-ajv-provider",
  setup(b) {
    b.onResolve({ filter: /[\\/]validation[\\/]ajv-provider\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]server[\\/]/.test(args.importer)
        ? { path: fileURLToPath(new URL("../src/mcp/lazy-ajv-provider.ts", import.meta.url)) }
        : undefined,
    );
  },
};

rmSync("dist", { recursive: true, force: true });
const t0 = performance.now();
await build({
  entryPoints: { cli: "src/cli.ts", "sandbox-worker": "src/sandbox/worker.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  platform: "node",
  format: "esm",
  target: "node20",
  // Pure-JS packages on the start-up path (the MCP SDK, zod, ajv, openapi-fetch …) are bundled in: resolving and
  // loading hundreds of their files was a third of the time to the first tools/list. Native, large or lazily
  // loaded ones stay in node_modules.
  external: EXTERNAL,
  plugins: [zodWithoutLocales, lazyAjv],
  sourcemap: true,
  // Bundled CommonJS packages call require(); ESM output gets one.
  banner: { js: '#!/usr/bin/env node\nimport { createRequire as __cwCreateRequire } from "node:module";\nconst require = __cwCreateRequire(import.meta.url);' },
  logLevel: "warning",
});
process.stderr.write(`built dist/cli.js in ${Math.round(performance.now() - t0)} ms\n`);
