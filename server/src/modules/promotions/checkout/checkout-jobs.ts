import { defineJob } from "../../../jobs/define-job.js";
import { releaseExpiredReservations } from "./reservations.js";

/**
 * Every minute (schedule checkout.release_reservations, migration 0019): coupon holds past their time
 * go back to available. Running twice is harmless; checkout already treats such holds as free.
 */
export const releaseReservationsJob = defineJob<Record<string, unknown>>({
  name: "checkout.release_reservations",
  async run({ database }) {
    return releaseExpiredReservations(database, new Date());
  },
});
