import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { AppError, notFound } from "../../errors.js";
import type { StaffRole } from "../../http/access.js";
import { staff, users } from "./tables.js";

const columns = {
  id: staff.id,
  userId: staff.userId,
  name: users.name,
  email: users.email,
  phone: users.phone,
  role: staff.role,
  status: staff.status,
  storeId: staff.storeId,
  createdAt: staff.createdAt,
};

export async function listStaff(tx: Tx, merchantId: string) {
  return tx
    .select(columns)
    .from(staff)
    .innerJoin(users, eq(users.id, staff.userId))
    .where(eq(staff.merchantId, merchantId))
    .orderBy(asc(staff.createdAt));
}

async function getStaffMember(tx: Tx, merchantId: string, id: string) {
  const [row] = await tx
    .select(columns)
    .from(staff)
    .innerJoin(users, eq(users.id, staff.userId))
    .where(and(eq(staff.merchantId, merchantId), eq(staff.id, id)));
  if (!row) throw notFound("Staff member");
  return row;
}

export type StaffChange = { role?: StaffRole; status?: "active" | "disabled"; storeId?: string | null };

/**
 * Changes a staff member's role, status or store. Only an owner makes or unmakes owners, nobody
 * changes their own role or status, and a shop always keeps one active owner.
 */
export async function updateStaffMember(
  tx: Tx,
  merchantId: string,
  id: string,
  change: StaffChange,
  by: { staffId: string; role: StaffRole },
) {
  const target = await getStaffMember(tx, merchantId, id);
  const touchesOwner = target.role === "owner" || change.role === "owner";
  if (touchesOwner && by.role !== "owner") throw new AppError("forbidden", "Only an owner can change owners");
  if (id === by.staffId && (change.role || change.status)) {
    throw new AppError("forbidden", "You cannot change your own role or status");
  }
  const losesOwner =
    target.role === "owner" &&
    ((change.role !== undefined && change.role !== "owner") || change.status === "disabled");
  if (losesOwner) {
    const [{ owners } = { owners: 0 }] = await tx
      .select({ owners: sql<number>`count(*)::int` })
      .from(staff)
      .where(and(eq(staff.merchantId, merchantId), eq(staff.role, "owner"), eq(staff.status, "active")));
    if (owners <= 1) throw new AppError("conflict", "A shop needs at least one active owner");
  }
  await tx
    .update(staff)
    .set({ ...change, updatedAt: sql`now()` })
    .where(and(eq(staff.merchantId, merchantId), eq(staff.id, id)));
  return getStaffMember(tx, merchantId, id);
}

/** Adds a staff member with a new login (the demo shop and the command line use this; people are invited). */
export async function addStaffMember(
  tx: Tx,
  merchantId: string,
  input: { name: string; email: string; passwordHash: string; role: StaffRole; storeId?: string | null },
) {
  const [user] = await tx
    .insert(users)
    .values({ email: input.email, name: input.name, passwordHash: input.passwordHash })
    .onConflictDoUpdate({ target: users.email, set: { name: input.name } })
    .returning({ id: users.id });
  await tx
    .insert(staff)
    .values({ merchantId, userId: user!.id, role: input.role, storeId: input.storeId ?? null })
    .onConflictDoNothing();
}
