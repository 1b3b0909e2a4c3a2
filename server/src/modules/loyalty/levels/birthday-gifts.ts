import { sql } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { withMerchant } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { localDate } from "../../insight/conditions/local-days.js";
import { earnPoints } from "../points/earn-points.js";
import { withHashJoins } from "./hash-joins.js";
import { readLevelConfig } from "./level-settings.js";

/** The idempotency key of a birthday gift: once per customer and year. */
export const birthdayGiftKey = (customerId: string, year: string) => `birthday:${customerId}:${year}`;

/**
 * Gives each live customer whose birthday is the shop's local date the birthday points of their
 * level (the entry level's when not placed yet); 29 February birthdays count on the 28th in
 * other years. Keyed per customer and year, so a rerun, a retry or a second job the same day gives
 * nothing more.
 */
export async function grantBirthdayGifts(
  database: Database,
  merchantId: string,
  now: Date,
): Promise<{ due: number; granted: number }> {
  return withMerchant(database, merchantId, async (tx) => {
    const config = await readLevelConfig(tx, merchantId);
    const entry = config.levels[0];
    if (!entry || !config.levels.some((l) => l.birthdayGiftPoints > 0)) return { due: 0, granted: 0 };
    const today = localDate(now, config.timeZone);
    const [year, month, day] = today.split("-") as [string, string, string];
    const leap = new Date(Date.UTC(Number(year), 1, 29)).getUTCMonth() === 1;
    const feb29Today = !leap && month === "02" && day === "28";
    const due = rowsOf<{ customer_id: string; level_id: string; points: number }>(
      await withHashJoins(tx, () =>
        tx.execute(sql`select c.id as customer_id, l.id as level_id, l.birthday_gift_points as points
          from customers c
          left join customer_levels cl on cl.merchant_id = c.merchant_id and cl.customer_id = c.id
          join member_levels l on l.merchant_id = c.merchant_id and l.id = coalesce(cl.level_id, ${entry.id}::uuid)
         where c.merchant_id = ${merchantId} and c.merged_into_id is null and c.birthday is not null
           and l.birthday_gift_points > 0
           and (to_char(c.birthday, 'MM-DD') = ${`${month}-${day}`}
                ${feb29Today ? sql`or to_char(c.birthday, 'MM-DD') = '02-29'` : sql``})`),
      ),
    );
    let granted = 0;
    const actor = { kind: "system" as const, name: "levels.birthday" };
    for (const row of due) {
      const result = await earnPoints(tx, merchantId, {
        customerId: row.customer_id,
        points: Number(row.points),
        idempotencyKey: birthdayGiftKey(row.customer_id, year),
        reason: { code: "birthday_gift" },
        source: "level",
        sourceRef: row.level_id,
        actor,
        now,
      });
      if (!result.replayed) granted += 1;
    }
    return { due: due.length, granted };
  });
}
