import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    exclude: ["test/browser/**", "node_modules/**"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    fileParallelism: true,
    maxWorkers: 2,
    // Each worker runs its files one after another in one process: the server's modules and PGlite's
    // WebAssembly load once per worker, not once per file (that took about a third of the suite's CPU).
    // Files stay independent: each opens its own databases and closes them, and none changes globals.
    isolate: false,
  },
});
