import { sql } from "drizzle-orm";
import { z } from "zod";
import { withSystem } from "../../../db/tenant.js";
import { defineJob } from "../../../jobs/define-job.js";
import { enqueueJob, rowsOf } from "../../../jobs/enqueue-job.js";
import { grantBirthdayGifts } from "./birthday-gifts.js";
import { reevaluateLevels } from "./reevaluate-levels.js";
import { levelsReevaluateJobName } from "./save-levels.js";

const PayloadSchema = z.object({ scheduledFor: z.string().optional() });

/** After a settings change: everyone placed where the new ladder says (reason settings). */
export const levelsReevaluateJob = defineJob<Record<string, unknown>>({
  name: levelsReevaluateJobName,
  async run({ database, merchantId, payload }) {
    if (!merchantId) throw new Error("levels.reevaluate needs a merchant");
    PayloadSchema.parse(payload);
    return reevaluateLevels(database, merchantId, { mode: "settings" });
  },
});

export const levelsDowngradeJobName = "levels.downgrade";

/** The periodic downgrade check (and any upgrade missed), set-based over the shop's customers. */
export const levelsDowngradeJob = defineJob<Record<string, unknown>>({
  name: levelsDowngradeJobName,
  async run({ database, merchantId, payload }) {
    if (!merchantId) throw new Error("levels.downgrade needs a merchant");
    const { scheduledFor } = PayloadSchema.parse(payload);
    return reevaluateLevels(database, merchantId, {
      mode: "schedule",
      now: scheduledFor ? new Date(scheduledFor) : undefined,
    });
  },
});

export const levelsBirthdayJobName = "levels.birthday";

/** Birthday points (生日礼) by level for the customers whose birthday is the shop's local date. */
export const levelsBirthdayJob = defineJob<Record<string, unknown>>({
  name: levelsBirthdayJobName,
  async run({ database, merchantId, payload }) {
    if (!merchantId) throw new Error("levels.birthday needs a merchant");
    const { scheduledFor } = PayloadSchema.parse(payload);
    return grantBirthdayGifts(database, merchantId, scheduledFor ? new Date(scheduledFor) : new Date());
  },
});

/** Local hour the birthday gifts are given. */
export const birthdayLocalHour = 8;

/** Local hour of the downgrade check on the first day of the shop's month or quarter. */
export const downgradeLocalHour = 3;

/**
 * Hourly dispatcher (schedule levels.schedule, migration 0014): queues levels.downgrade for every
 * shop with levels whose clock shows 03:xx on the 1st of a month (monthly) or of January, April,
 * July or October (quarterly), and levels.birthday for every shop with birthday points at 08:xx;
 * the dedupe keys (shop + local date) keep each to one run a day.
 */
export const levelsScheduleJob = defineJob<Record<string, unknown>>({
  name: "levels.schedule",
  async run({ database, payload }) {
    const at = typeof payload.scheduledFor === "string" ? payload.scheduledFor : new Date().toISOString();
    // Level settings are tenant rows: reading every shop's is one of withSystem's few uses.
    const due = await withSystem(database, async (tx) =>
      rowsOf<{ id: string; local_date: string }>(
        await tx.execute(sql`select m.id, ((${at}::timestamptz at time zone m.time_zone)::date)::text as local_date
           from merchants m join level_settings s on s.merchant_id = m.id
          where s.downgrade_schedule <> 'never'
            and extract(hour from (${at}::timestamptz at time zone m.time_zone)) = ${downgradeLocalHour}
            and extract(day from (${at}::timestamptz at time zone m.time_zone)) = 1
            and (s.downgrade_schedule = 'monthly'
                 or extract(month from (${at}::timestamptz at time zone m.time_zone)) in (1, 4, 7, 10))`),
      ),
    );
    for (const merchant of due) {
      await enqueueJob(database, {
        name: levelsDowngradeJobName,
        merchantId: merchant.id,
        payload: { scheduledFor: at },
        dedupeKey: `levels.downgrade:${merchant.id}:${merchant.local_date}`,
      });
    }
    const birthdays = await withSystem(database, async (tx) =>
      rowsOf<{ id: string; local_date: string }>(
        await tx.execute(sql`select m.id, ((${at}::timestamptz at time zone m.time_zone)::date)::text as local_date
           from merchants m
          where extract(hour from (${at}::timestamptz at time zone m.time_zone)) = ${birthdayLocalHour}
            and exists (select 1 from member_levels l where l.merchant_id = m.id and l.birthday_gift_points > 0)`),
      ),
    );
    for (const merchant of birthdays) {
      await enqueueJob(database, {
        name: levelsBirthdayJobName,
        merchantId: merchant.id,
        payload: { scheduledFor: at },
        dedupeKey: `levels.birthday:${merchant.id}:${merchant.local_date}`,
      });
    }
    return { enqueued: due.length, birthdays: birthdays.length };
  },
});
