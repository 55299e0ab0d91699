/** Everything the MSP configured before its first ticket: system tables, service desk, pick lists. */
import type { SeedContext } from "./context.js";
import { seedLists, type ListSetup } from "./setup-lists.js";
import { seedService, type ServiceSetup } from "./setup-service.js";
import { seedSystem, type SystemSetup } from "./setup-system.js";

export interface Setup {
  system: SystemSetup;
  service: ServiceSetup;
  lists: ListSetup;
}

export function seedSetup(ctx: SeedContext): Setup {
  const system = seedSystem(ctx);
  const service = seedService(ctx, system);
  const lists = seedLists(ctx, system, service);
  return { system, service, lists };
}
