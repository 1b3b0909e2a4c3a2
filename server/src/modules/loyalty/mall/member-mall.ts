import { and, asc, eq, gt, isNull, or } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { walletBalance } from "../ledger/wallet-balance.js";
import { remainingForMember, whyUnavailable } from "./exchange-rules.js";
import { heldUnitsByItem } from "./find-exchanges.js";
import { mallItemOf } from "./mall-items.js";
import type { MemberMallItem } from "./schemas.js";
import { mallItems } from "./tables.js";

/** What a member sees in the mall: items on offer (not yet ended), what each still allows them, and their points. */
export async function memberMall(tx: Tx, merchantId: string, customerId: string, now: Date) {
  const rows = await tx
    .select()
    .from(mallItems)
    .where(
      and(
        eq(mallItems.merchantId, merchantId),
        eq(mallItems.active, true),
        or(isNull(mallItems.validUntil), gt(mallItems.validUntil, now)),
      ),
    )
    .orderBy(asc(mallItems.sortOrder), asc(mallItems.createdAt), asc(mallItems.id));
  const held = await heldUnitsByItem(tx, merchantId, customerId);
  const balance = await walletBalance(tx, merchantId, customerId, "points", now);
  const items: MemberMallItem[] = rows.map((row) => {
    const { couponSpec: _spec, sortOrder: _order, active: _active, ...item } = mallItemOf(row);
    const units = held.get(row.id) ?? 0;
    const why = whyUnavailable(row, now, units, 1);
    return {
      ...item,
      myRemaining: remainingForMember(row, units),
      available: why === null,
      unavailableReason: why === null || why === "inactive" ? null : why,
    };
  });
  return {
    balance: { balance: balance.balance, available: balance.available, pending: balance.pending },
    items,
  };
}
