import { eq } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withSystem } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { permissionsOfRole, type StaffRole } from "../../http/access.js";
import { getMerchant } from "../merchants/create-merchant.js";
import { users } from "../staff/tables.js";
import { membershipsOf } from "./staff-login.js";

/** What the console needs to know about who is signed in (GET /api/auth/me and login answers). */
export async function describeSession(
  database: Database,
  session: { userId: string; merchantId: string | null; csrfToken: string },
) {
  const [user] = await withSystem(database, (tx) =>
    tx
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        phone: users.phone,
        locale: users.locale,
      })
      .from(users)
      .where(eq(users.id, session.userId)),
  );
  if (!user) throw new AppError("unauthenticated", "Sign in");
  const memberships = await membershipsOf(database, session.userId);
  const current = memberships.find((m) => m.id === session.merchantId);
  const merchant = current ? await getMerchant(database, current.id) : null;
  const role = (current?.role as StaffRole | undefined) ?? null;
  return {
    user,
    merchant: merchant && {
      id: merchant.id,
      slug: merchant.slug,
      name: merchant.name,
      timeZone: merchant.timeZone,
      currency: merchant.currency,
      locale: merchant.locale as "zh-CN" | "en",
    },
    role,
    permissions: role ? permissionsOfRole(role) : [],
    csrfToken: session.csrfToken,
    merchants: memberships,
  };
}
