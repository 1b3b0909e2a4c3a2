// Runs bench parts one after another, each in its own process (each prints its own JSON lines).
import { spawnSync } from "node:child_process";

export function runParts(parts: readonly string[]): never {
  let failed = 0;
  for (const part of parts) {
    const run = spawnSync("npx", ["tsx", new URL(`../${part}.ts`, import.meta.url).pathname], {
      stdio: "inherit",
    });
    if (run.status !== 0) {
      console.error(`${part} exited ${run.status}`);
      failed += 1;
    }
  }
  process.exit(failed === 0 ? 0 : 1);
}
