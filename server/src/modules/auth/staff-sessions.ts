import { and, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withSystem } from "../../db/tenant.js";
import type { StaffRole } from "../../http/access.js";
import { hashToken, randomToken } from "../../lib/tokens.js";
import { staff, users } from "../staff/tables.js";
import { staffSessions } from "./staff-sessions-table.js";

/** Sessions slide: each use within the window extends it (checked at most once a minute). */
export const sessionLifetimeMs = 14 * 24 * 3600_000;

export async function createStaffSession(
  database: Database,
  userId: string,
  merchantId: string | null,
): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken(43);
  const csrfToken = randomToken(32);
  await withSystem(database, (tx) =>
    tx.insert(staffSessions).values({
      tokenHash: hashToken(token),
      userId,
      merchantId,
      csrfToken,
      expiresAt: new Date(Date.now() + sessionLifetimeMs),
    }),
  );
  return { token, csrfToken };
}

export type StaffSession = {
  tokenHash: string;
  userId: string;
  userName: string;
  merchantId: string | null;
  csrfToken: string;
  staffId: string | null;
  role: StaffRole | null;
  lastSeenAt: Date;
};

/** The live session for a cookie, with the login's active staff role in the session's merchant. */
export async function findStaffSession(database: Database, token: string): Promise<StaffSession | null> {
  const tokenHash = hashToken(token);
  const [row] = await withSystem(database, (tx) =>
    tx
      .select({
        tokenHash: staffSessions.tokenHash,
        userId: staffSessions.userId,
        userName: users.name,
        merchantId: staffSessions.merchantId,
        csrfToken: staffSessions.csrfToken,
        staffId: staff.id,
        role: staff.role,
        lastSeenAt: staffSessions.lastSeenAt,
      })
      .from(staffSessions)
      .innerJoin(users, eq(users.id, staffSessions.userId))
      .leftJoin(
        staff,
        and(
          eq(staff.merchantId, staffSessions.merchantId),
          eq(staff.userId, staffSessions.userId),
          eq(staff.status, "active"),
        ),
      )
      .where(and(eq(staffSessions.tokenHash, tokenHash), gt(staffSessions.expiresAt, sql`now()`))),
  );
  if (!row) return null;
  if (row.lastSeenAt.getTime() < Date.now() - 60_000) {
    await withSystem(database, (tx) =>
      tx
        .update(staffSessions)
        .set({ lastSeenAt: sql`now()`, expiresAt: new Date(Date.now() + sessionLifetimeMs) })
        .where(eq(staffSessions.tokenHash, tokenHash)),
    );
  }
  return row;
}

export async function deleteStaffSession(database: Database, tokenHash: string): Promise<void> {
  await withSystem(database, (tx) => tx.delete(staffSessions).where(eq(staffSessions.tokenHash, tokenHash)));
}

export async function switchSessionMerchant(database: Database, tokenHash: string, merchantId: string) {
  await withSystem(database, (tx) =>
    tx.update(staffSessions).set({ merchantId }).where(eq(staffSessions.tokenHash, tokenHash)),
  );
}

/** Signs a login out everywhere in one merchant, e.g. when an owner disables a staff member. */
export async function deleteSessionsOfUserInMerchant(database: Database, userId: string, merchantId: string) {
  await withSystem(database, (tx) =>
    tx
      .delete(staffSessions)
      .where(and(eq(staffSessions.userId, userId), eq(staffSessions.merchantId, merchantId))),
  );
}
