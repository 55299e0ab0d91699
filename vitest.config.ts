import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Generator runs (openapi-typescript over the full spec) and spawned servers need more than 5 s.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
