import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { type Tx, withSystem } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import type { StaffRole } from "../../http/access.js";
import { hashPassword, verifyPassword } from "../../lib/passwords.js";
import { hashToken, randomToken } from "../../lib/tokens.js";
import { merchants } from "../merchants/tables.js";
import { staffInvitations } from "./invitations-table.js";
import { staff, users } from "./tables.js";

export const invitationLifetimeMs = 7 * 24 * 3600_000;

const columns = {
  id: staffInvitations.id,
  email: staffInvitations.email,
  name: staffInvitations.name,
  role: staffInvitations.role,
  expiresAt: staffInvitations.expiresAt,
  acceptedAt: staffInvitations.acceptedAt,
  revokedAt: staffInvitations.revokedAt,
  createdAt: staffInvitations.createdAt,
};

/** Invites someone by email to a role; the token (in the accept link) is returned once. */
export async function createInvitation(
  tx: Tx,
  merchantId: string,
  input: { email: string; role: StaffRole; name?: string | null },
  invitedBy: string | null,
) {
  const [already] = await tx
    .select({ id: staff.id })
    .from(staff)
    .innerJoin(users, eq(users.id, staff.userId))
    .where(and(eq(staff.merchantId, merchantId), eq(users.email, input.email)));
  if (already) throw new AppError("already_exists", `${input.email} is already on the staff`);
  const token = randomToken(40);
  const [invitation] = await tx
    .insert(staffInvitations)
    .values({
      merchantId,
      email: input.email,
      name: input.name ?? null,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy,
      expiresAt: new Date(Date.now() + invitationLifetimeMs),
    })
    .returning(columns);
  return { invitation: invitation!, token };
}

export async function listInvitations(tx: Tx, merchantId: string) {
  return tx
    .select(columns)
    .from(staffInvitations)
    .where(eq(staffInvitations.merchantId, merchantId))
    .orderBy(desc(staffInvitations.createdAt));
}

export async function revokeInvitation(tx: Tx, merchantId: string, id: string) {
  const [row] = await tx
    .update(staffInvitations)
    .set({ revokedAt: sql`coalesce(${staffInvitations.revokedAt}, now())` })
    .where(and(eq(staffInvitations.merchantId, merchantId), eq(staffInvitations.id, id)))
    .returning(columns);
  if (!row) throw notFound("Invitation");
  return row;
}

/** An open invitation by its token, across merchants (the invitee is not signed in yet). */
async function openInvitation(tx: Tx, token: string) {
  const [row] = await tx
    .select({ ...columns, merchantId: staffInvitations.merchantId, merchantName: merchants.name })
    .from(staffInvitations)
    .innerJoin(merchants, eq(merchants.id, staffInvitations.merchantId))
    .where(and(eq(staffInvitations.tokenHash, hashToken(token)), isNull(staffInvitations.revokedAt)));
  if (!row || row.acceptedAt || row.expiresAt.getTime() < Date.now()) {
    throw new AppError("gone", "This invitation has expired, was used or was withdrawn; ask for a new one");
  }
  return row;
}

export async function describeInvitation(database: Database, token: string) {
  return withSystem(database, async (tx) => {
    const invitation = await openInvitation(tx, token);
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.email, invitation.email));
    return {
      email: invitation.email,
      name: invitation.name,
      role: invitation.role,
      merchantName: invitation.merchantName,
      hasAccount: !!user,
    };
  });
}

/**
 * Accepts an invitation: a new login is created with the given password, an existing one must
 * give its password. Returns the user and merchant to sign in to.
 */
export async function acceptInvitation(
  database: Database,
  token: string,
  input: { name?: string; password: string },
): Promise<{ userId: string; merchantId: string }> {
  const passwordHash = await hashPassword(input.password);
  return withSystem(database, async (tx) => {
    const invitation = await openInvitation(tx, token);
    const [existing] = await tx.select().from(users).where(eq(users.email, invitation.email));
    if (existing && !(await verifyPassword(existing.passwordHash, input.password))) {
      throw new AppError("invalid_credentials", "This email already has an account: enter its password");
    }
    const userId =
      existing?.id ??
      (
        await tx
          .insert(users)
          .values({
            email: invitation.email,
            name: input.name ?? invitation.name ?? invitation.email.split("@")[0]!,
            passwordHash,
          })
          .returning({ id: users.id })
      )[0]!.id;
    await tx
      .insert(staff)
      .values({ merchantId: invitation.merchantId, userId, role: invitation.role })
      .onConflictDoUpdate({
        target: [staff.merchantId, staff.userId],
        set: { role: invitation.role, status: "active" },
      });
    await tx
      .update(staffInvitations)
      .set({ acceptedAt: sql`now()` })
      .where(
        and(eq(staffInvitations.merchantId, invitation.merchantId), eq(staffInvitations.id, invitation.id)),
      );
    return { userId, merchantId: invitation.merchantId };
  });
}
