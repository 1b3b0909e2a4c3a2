import { defineJob } from "../../../jobs/define-job.js";
import { releaseExpiredHolds } from "./release-holds.js";

/**
 * Every minute (schedule flash_sales.release, migration 0020): holds past their payment window go
 * back to stock. Two runs at once are harmless: each hold is released once.
 */
export const flashSaleReleaseJob = defineJob<Record<string, unknown>>({
  name: "flash_sales.release",
  async run({ database }) {
    return releaseExpiredHolds(database, new Date());
  },
});
