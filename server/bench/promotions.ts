// `npm run bench -- promotions`: the issue 5 figures, one bench after another (each prints its own JSON lines):
// promotions-quote (checkout quote over HTTP beside the bare route), promotions-checkout (quote in-process, and
// parallel redemptions beside the bare update loop), promotions-redeem-floor (the same writes as plain SQL under
// pgbench: the database's own ceiling for a redeem),
// promotions-flash (2,000 buyers on stock 100) and promotions-bulk (1,000,000 codes and a 1,000,000-customer issue).
// Run one alone with `npm run bench -- promotions-<part>`.
import { runParts } from "./support/run-parts.js";

runParts([
  "promotions-quote",
  "promotions-checkout",
  "promotions-redeem-floor",
  "promotions-flash",
  "promotions-bulk",
]);
