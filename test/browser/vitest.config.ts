import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Browser flows: each test file starts its own built server (its own embedded database, copied from the
// run's migrated template into its own temp folder, on its own free port) and Chromium, so two files run
// at once, one per core. Timeouts are generous because the machine is shared.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/browser/**/*.test.ts"],
    globalSetup: ["test/browser/support/global-setup.ts"],
    fileParallelism: true,
    maxWorkers: 2,
    pool: "forks",
    testTimeout: 120_000,
    // expect.poll waits for a condition; its default second is too short on a loaded machine (Playwright's
    // own waits allow 30 s).
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 180_000,
  },
});
