import { and, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withMerchant } from "../../db/tenant.js";
import { hashToken, randomToken } from "../../lib/tokens.js";
import { memberSessions } from "./tables.js";

export const memberSessionLifetimeMs = 30 * 24 * 3600_000;

export async function createMemberSession(database: Database, merchantId: string, customerId: string) {
  const token = randomToken(43);
  await withMerchant(database, merchantId, (tx) =>
    tx.insert(memberSessions).values({
      merchantId,
      tokenHash: hashToken(token),
      customerId,
      expiresAt: new Date(Date.now() + memberSessionLifetimeMs),
    }),
  );
  return token;
}

export async function findMemberSession(database: Database, merchantId: string, token: string) {
  const [row] = await withMerchant(database, merchantId, (tx) =>
    tx
      .select({ customerId: memberSessions.customerId })
      .from(memberSessions)
      .where(
        and(
          eq(memberSessions.merchantId, merchantId),
          eq(memberSessions.tokenHash, hashToken(token)),
          gt(memberSessions.expiresAt, sql`now()`),
        ),
      ),
  );
  return row ?? null;
}

export async function deleteMemberSession(database: Database, merchantId: string, token: string) {
  await withMerchant(database, merchantId, (tx) =>
    tx
      .delete(memberSessions)
      .where(and(eq(memberSessions.merchantId, merchantId), eq(memberSessions.tokenHash, hashToken(token)))),
  );
}
