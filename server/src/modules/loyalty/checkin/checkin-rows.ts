import { and, asc, between, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import type { CheckinView } from "./schemas.js";
import { checkins } from "./tables.js";

export type CheckinRow = typeof checkins.$inferSelect;

/**
 * Serialises a member's check-ins and make-ups: a make-up rewrites the streaks of the days after
 * it, so it must not interleave with today's check-in reading yesterday's streak.
 */
export async function lockMemberCheckins(tx: Tx, merchantId: string, customerId: string): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`checkin:${merchantId}:${customerId}`}, 0))`,
  );
}

export async function findCheckin(
  tx: Tx,
  merchantId: string,
  customerId: string,
  date: string,
): Promise<CheckinRow | undefined> {
  const [row] = await tx
    .select()
    .from(checkins)
    .where(
      and(
        eq(checkins.merchantId, merchantId),
        eq(checkins.customerId, customerId),
        eq(checkins.localDate, date),
      ),
    );
  return row;
}

/** The member's check-ins from `from` to `to` (inclusive), oldest first. */
export function listCheckinsBetween(
  tx: Tx,
  merchantId: string,
  customerId: string,
  from: string,
  to: string,
): Promise<CheckinRow[]> {
  return tx
    .select()
    .from(checkins)
    .where(
      and(
        eq(checkins.merchantId, merchantId),
        eq(checkins.customerId, customerId),
        between(checkins.localDate, from, to),
      ),
    )
    .orderBy(asc(checkins.localDate));
}

export function checkinViewOf(row: CheckinRow): CheckinView {
  return {
    date: row.localDate,
    streak: row.streakDay,
    points: row.points,
    coupon: row.coupon ?? null,
    madeUp: row.madeUp,
    makeupCostPoints: row.makeupCostPoints,
    ledgerEntryId: row.ledgerEntryId,
    createdAt: row.createdAt.toISOString(),
  };
}
