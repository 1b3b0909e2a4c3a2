import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Database } from "../../db/database.js";
import { type Tx, withSystem } from "../../db/tenant.js";
import { AppError } from "../../errors.js";
import { hashPassword, verifyPassword } from "../../lib/passwords.js";
import { staff, users } from "../staff/tables.js";
import { type MerchantRow, merchants } from "./tables.js";

export const SlugSchema = z
  .string()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "lowercase letters, digits and dashes");

export const TimeZoneSchema = z.string().refine(isTimeZone, "an IANA time zone such as Asia/Shanghai");

export const CreateMerchantSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  slug: SlugSchema,
  timeZone: TimeZoneSchema.default("Asia/Shanghai"),
  currency: z.string().length(3).default("CNY"),
  locale: z.enum(["zh-CN", "en"]).default("zh-CN"),
  owner: z.strictObject({
    email: z.string().trim().toLowerCase().email(),
    password: z.string().min(8).max(200),
    name: z.string().trim().min(1).max(100).optional(),
  }),
});
export type CreateMerchantInput = z.input<typeof CreateMerchantSchema>;

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates a merchant and its owner. An owner email that already has an account must give that
 * account's password, so nobody can attach a shop to someone else's login.
 */
export async function createMerchant(
  database: Database,
  raw: CreateMerchantInput,
  options: { onlyIfFirst?: boolean } = {},
): Promise<{ merchant: MerchantRow; ownerUserId: string; ownerStaffId: string }> {
  const input = CreateMerchantSchema.parse(raw);
  const passwordHash = await hashPassword(input.owner.password);
  return withSystem(database, async (tx) => {
    if (options.onlyIfFirst) await refuseUnlessFirst(tx);
    const [taken] = await tx
      .select({ id: merchants.id })
      .from(merchants)
      .where(eq(merchants.slug, input.slug));
    if (taken) throw new AppError("already_exists", `The shop address "${input.slug}" is taken`);
    const [existingUser] = await tx.select().from(users).where(eq(users.email, input.owner.email));
    if (existingUser && !(await verifyPassword(existingUser.passwordHash, input.owner.password))) {
      throw new AppError("already_exists", "An account with this email exists; give its password to use it");
    }
    const [merchant] = await tx
      .insert(merchants)
      .values({
        name: input.name,
        slug: input.slug,
        timeZone: input.timeZone,
        currency: input.currency,
        locale: input.locale,
      })
      .returning();
    const userId =
      existingUser?.id ??
      (
        await tx
          .insert(users)
          .values({
            email: input.owner.email,
            name: input.owner.name ?? input.owner.email.split("@")[0]!,
            passwordHash,
            locale: input.locale,
          })
          .returning({ id: users.id })
      )[0]!.id;
    const [owner] = await tx
      .insert(staff)
      .values({ merchantId: merchant!.id, userId, role: "owner" })
      .returning({ id: staff.id });
    return { merchant: merchant!, ownerUserId: userId, ownerStaffId: owner!.id };
  });
}

/** First-run setup happens once: a lock makes two racing setups queue, and the second is refused. */
async function refuseUnlessFirst(tx: Tx) {
  await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
  const [any] = await tx.select({ id: merchants.id }).from(merchants).limit(1);
  if (any) throw new AppError("already_set_up", "Quanzi is already set up; sign in instead");
}

export async function hasAnyMerchant(database: Database): Promise<boolean> {
  const rows = await database.query("select 1 from merchants limit 1");
  return rows.length > 0;
}

export async function findMerchantBySlug(database: Database, slug: string): Promise<MerchantRow | undefined> {
  const [row] = await database.db.select().from(merchants).where(eq(merchants.slug, slug));
  return row;
}

/**
 * The id of the shop at a slug, remembered per process: a shop's slug never changes (settings leave
 * it out), so member requests resolve their shop without a round trip after the first. Unknown
 * slugs are not remembered (the shop may be created later).
 */
export async function findMerchantIdBySlug(database: Database, slug: string): Promise<string | undefined> {
  let known = merchantIdsBySlug.get(database);
  if (!known) {
    known = new Map();
    merchantIdsBySlug.set(database, known);
  }
  const cached = known.get(slug);
  if (cached) return cached;
  const row = await findMerchantBySlug(database, slug);
  if (!row) return undefined;
  if (known.size >= 10_000) known.clear();
  known.set(slug, row.id);
  return row.id;
}

const merchantIdsBySlug = new WeakMap<Database, Map<string, string>>();

export async function getMerchant(database: Database, id: string): Promise<MerchantRow> {
  const [row] = await database.db.select().from(merchants).where(eq(merchants.id, id));
  if (!row) throw new AppError("not_found", "Merchant not found");
  return row;
}
