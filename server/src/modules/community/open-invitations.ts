import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { communityInvitations } from "./operations-tables.js";

/** A join, however it came, answers the customer's open invitation to that community. */
export async function acceptOpenInvitations(
  tx: Tx,
  merchantId: string,
  communityId: string,
  customerId: string,
  now: Date,
) {
  await tx
    .update(communityInvitations)
    .set({ status: "accepted", respondedAt: now })
    .where(
      and(
        eq(communityInvitations.merchantId, merchantId),
        eq(communityInvitations.communityId, communityId),
        eq(communityInvitations.customerId, customerId),
        eq(communityInvitations.status, "pending"),
      ),
    );
}
