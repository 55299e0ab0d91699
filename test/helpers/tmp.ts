/**
 * Scratch folders for tests, inside the project (test/.tmp, gitignored) so that emitted modules
 * resolve their imports (zod) from the project's node_modules.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../src/paths.js";

export function scratchDir(name: string): string {
  const dir = join(packageRoot(), "test", ".tmp", `${name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const fixture = (name: string) => join(packageRoot(), "test", "fixtures", name);
