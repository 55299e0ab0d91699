/**
 * The generated zod schemas, one API module at a time: `schemasFor("service")` loads generated/zod/service.js
 * on first use (esbuild makes each module its own chunk), so a call only pays for its own area.
 */
import type { z } from "zod";
import { zodModules, type ZodModule, type ZodModuleName } from "../generated/zod/index.js";

const loaded = new Map<string, Promise<ZodModule>>();

export function schemasFor(category: string): Promise<ZodModule> {
  let module = loaded.get(category);
  if (!module) {
    const load = zodModules[category as ZodModuleName];
    if (!load) return Promise.reject(new Error(`no generated schemas for the API module "${category}"`));
    module = load();
    loaded.set(category, module);
  }
  return module;
}

export async function requestBodySchema(category: string, operationId: string): Promise<z.ZodType | undefined> {
  return (await schemasFor(category)).requestBodies[operationId];
}
