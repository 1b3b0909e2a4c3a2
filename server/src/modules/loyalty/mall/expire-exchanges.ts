import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Database } from "../../../db/database.js";
import { withMerchant, withSystem } from "../../../db/tenant.js";
import { AppError } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { cancelExchange } from "./cancel-exchange.js";
import { mallExchanges } from "./tables.js";

const batchSize = 100;

/** Verified or cancelled between the select and the lock: nothing left to expire. */
function skipSettled(error: unknown): null {
  if (error instanceof AppError && (error.code === "already_done" || error.code === "conflict")) return null;
  throw error;
}
const expiryActor = { kind: "system" as const, name: "mall.expire" };

/**
 * Cancels every exchange still awaiting pickup whose pickup period ended by `now` (expires_at is a
 * local midnight in the shop's zone), returning its points and stock. Each batch is one merchant
 * transaction; an exchange verified or cancelled meanwhile is skipped, never touched twice.
 */
export async function expireMallExchanges(
  database: Database,
  now: Date,
  onlyMerchantId?: string,
): Promise<{ expired: number; points: number }> {
  const merchants = await withSystem(database, async (tx) =>
    rowsOf<{ merchant_id: string }>(
      await tx.execute(sql`select distinct merchant_id from mall_exchanges
        where status = 'awaiting_pickup' and expires_at <= ${now.toISOString()}::timestamptz`),
    ),
  );
  let expired = 0;
  let points = 0;
  for (const { merchant_id: merchantId } of merchants) {
    if (onlyMerchantId && merchantId !== onlyMerchantId) continue;
    for (;;) {
      const done = await withMerchant(database, merchantId, async (tx) => {
        const due = await tx
          .select({ id: mallExchanges.id })
          .from(mallExchanges)
          .where(
            and(
              eq(mallExchanges.merchantId, merchantId),
              eq(mallExchanges.status, "awaiting_pickup"),
              lte(mallExchanges.expiresAt, now),
            ),
          )
          .orderBy(asc(mallExchanges.expiresAt))
          .limit(batchSize);
        let count = 0;
        for (const { id } of due) {
          const row = await cancelExchange(
            tx,
            merchantId,
            { exchangeId: id, outcome: "expired", reason: null },
            { actor: expiryActor, source: "system", now },
          ).catch(skipSettled);
          if (row) {
            count += 1;
            points += row.points;
          }
        }
        return { count, more: due.length === batchSize };
      });
      expired += done.count;
      if (!done.more) break;
    }
  }
  return { expired, points };
}
