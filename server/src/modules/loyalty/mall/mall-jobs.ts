import { defineJob } from "../../../jobs/define-job.js";
import { expireMallExchanges } from "./expire-exchanges.js";

/**
 * Hourly (schedule mall.expire, migration 0016): unclaimed exchanges past their pickup period are
 * cancelled with their points returned. Running twice is harmless: each exchange expires once.
 */
export const mallExpireJob = defineJob<Record<string, unknown>>({
  name: "mall.expire",
  async run({ database }) {
    return expireMallExchanges(database, new Date());
  },
});
