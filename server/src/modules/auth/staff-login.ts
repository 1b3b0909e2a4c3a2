import { and, asc, eq, or } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withSystem } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { hashPassword, verifyPassword } from "../../lib/passwords.js";
import { normalizePhone } from "../../lib/phone.js";
import { merchants } from "../merchants/tables.js";
import { staff, users } from "../staff/tables.js";

// Verifying against a real hash when the login is unknown keeps the answer time the same either way.
let decoyHash: Promise<string> | null = null;

/** Checks an email-or-phone and password; returns the user id, or throws invalid_credentials. */
export async function verifyStaffLogin(database: Database, login: string, password: string): Promise<string> {
  const email = login.trim().toLowerCase();
  const phone = normalizePhone(login);
  const [user] = await withSystem(database, (tx) =>
    tx
      .select({ id: users.id, passwordHash: users.passwordHash })
      .from(users)
      .where(or(eq(users.email, email), eq(users.phone, phone))),
  );
  decoyHash ??= hashPassword("decoy password for timing");
  const ok = await verifyPassword(user?.passwordHash ?? (await decoyHash), password);
  if (!user || !ok) throw new AppError("invalid_credentials", "Wrong email/phone or password");
  return user.id;
}

export type Membership = { id: string; slug: string; name: string; role: string };

/** The shops a login works for (active staff memberships), oldest first. */
export async function membershipsOf(database: Database, userId: string): Promise<Membership[]> {
  return withSystem(database, (tx) =>
    tx
      .select({ id: merchants.id, slug: merchants.slug, name: merchants.name, role: staff.role })
      .from(staff)
      .innerJoin(merchants, eq(merchants.id, staff.merchantId))
      .where(and(eq(staff.userId, userId), eq(staff.status, "active")))
      .orderBy(asc(staff.createdAt)),
  );
}
