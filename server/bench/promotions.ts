// `npm run bench -- promotions`: the issue 5 figures, one bench after another (each prints its own JSON lines):
// promotions-quote (checkout quote over HTTP beside the bare route), promotions-checkout (quote in-process, and
// parallel redemptions beside the bare update loop),
// promotions-flash (2,000 buyers on stock 100) and promotions-bulk (1,000,000 codes and a 1,000,000-customer issue).
// Run one alone with `npm run bench -- promotions-<part>`.
import { spawnSync } from "node:child_process";

const parts = ["promotions-quote", "promotions-checkout", "promotions-flash", "promotions-bulk"];
let failed = 0;
for (const part of parts) {
  const run = spawnSync("npx", ["tsx", new URL(`./${part}.ts`, import.meta.url).pathname], {
    stdio: "inherit",
  });
  if (run.status !== 0) {
    console.error(`${part} exited ${run.status}`);
    failed += 1;
  }
}
process.exit(failed === 0 ? 0 : 1);
