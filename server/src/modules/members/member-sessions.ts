import { and, eq, gt, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { readAsMerchant, withMerchant } from "../../db/tenant.js";
import { type BatchLoader, createBatchLoader } from "../../lib/batch-loader.js";
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

/**
 * The live session behind a member's token, or null. Sessions asked for in the same event-loop turn
 * are read together, one statement per shop on the read pool: a burst of members (a flash sale
 * opening) costs a round trip, not one each.
 */
export function findMemberSession(
  database: Database,
  merchantId: string,
  token: string,
): Promise<{ customerId: string } | null> {
  let loader = sessionLoaders.get(database);
  if (!loader) {
    loader = createBatchLoader((shop, hashes: string[]) => readSessions(database, shop, hashes), {
      missing: null,
    });
    sessionLoaders.set(database, loader);
  }
  return loader(merchantId, hashToken(token));
}

const sessionLoaders = new WeakMap<Database, BatchLoader<string, { customerId: string } | null>>();

async function readSessions(database: Database, merchantId: string, hashes: string[]) {
  const rows = await readAsMerchant(database, merchantId, (tx) =>
    tx
      .select({ tokenHash: memberSessions.tokenHash, customerId: memberSessions.customerId })
      .from(memberSessions)
      .where(
        and(
          eq(memberSessions.merchantId, merchantId),
          inArray(memberSessions.tokenHash, hashes),
          gt(memberSessions.expiresAt, sql`now()`),
        ),
      ),
  );
  return new Map(rows.map((row) => [row.tokenHash, { customerId: row.customerId }]));
}

export async function deleteMemberSession(database: Database, merchantId: string, token: string) {
  await withMerchant(database, merchantId, (tx) =>
    tx
      .delete(memberSessions)
      .where(and(eq(memberSessions.merchantId, merchantId), eq(memberSessions.tokenHash, hashToken(token)))),
  );
}
