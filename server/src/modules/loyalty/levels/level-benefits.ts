import { sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";

export type LevelBenefits = {
  levelId: string;
  name: string;
  nameEn: string;
  /** Purchase points × this / 100. */
  pointsMultiplierPercent: number;
  /** Percent off (5 = 95折). */
  discountPercent: number;
};

/**
 * The benefits of the customer's level, for purchase points and discounts: their placed level, or
 * the entry level when they have not been placed yet; null when the shop has no levels. One keyed
 * read, fit for the order path.
 */
export async function levelBenefitsFor(
  tx: Tx,
  merchantId: string,
  customerId: string,
): Promise<LevelBenefits | null> {
  const [row] = rowsOf<{
    id: string;
    name: string;
    name_en: string;
    points_multiplier_percent: number;
    discount_percent: number;
  }>(
    await tx.execute(sql`select l.id, l.name, l.name_en, l.points_multiplier_percent, l.discount_percent
      from member_levels l
     where l.merchant_id = ${merchantId}
       and l.id = coalesce(
         (select cl.level_id from customer_levels cl where cl.merchant_id = ${merchantId} and cl.customer_id = ${customerId}),
         (select e.id from member_levels e where e.merchant_id = ${merchantId} order by e.position limit 1))`),
  );
  if (!row) return null;
  return {
    levelId: row.id,
    name: row.name,
    nameEn: row.name_en,
    pointsMultiplierPercent: Number(row.points_multiplier_percent),
    discountPercent: Number(row.discount_percent),
  };
}
