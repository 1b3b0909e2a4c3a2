import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Browser flows: each test file starts its own built server (fresh embedded database) and Chromium,
// so files run one after another and get generous timeouts.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/browser/**/*.test.ts"],
    fileParallelism: false,
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
