import { eq } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import { notFound } from "../../errors.js";
import { merchants } from "./tables.js";

export type ShopIdentity = { slug: string; name: string; locale: string };

/** The shop's public slug, name and locale (member-page links and customer-facing text). */
export async function getShopIdentity(tx: Tx, merchantId: string): Promise<ShopIdentity> {
  const [row] = await tx
    .select({ slug: merchants.slug, name: merchants.name, locale: merchants.locale })
    .from(merchants)
    .where(eq(merchants.id, merchantId));
  if (!row) throw notFound("Merchant");
  return row;
}
