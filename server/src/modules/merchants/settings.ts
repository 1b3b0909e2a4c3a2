import { eq, sql } from "drizzle-orm";
import type { Database } from "../../db/database.js";
import { withSystem } from "../../db/tenant.js";
import { getMerchant } from "./create-merchant.js";
import { merchants } from "./tables.js";

export type ShopSettings = {
  name: string;
  slug: string;
  timeZone: string;
  currency: string;
  locale: "zh-CN" | "en";
};

export async function getShopSettings(database: Database, merchantId: string): Promise<ShopSettings> {
  const m = await getMerchant(database, merchantId);
  return {
    name: m.name,
    slug: m.slug,
    timeZone: m.timeZone,
    currency: m.currency,
    locale: m.locale as ShopSettings["locale"],
  };
}

export async function updateShopSettings(
  database: Database,
  merchantId: string,
  change: Partial<Omit<ShopSettings, "slug">>,
): Promise<ShopSettings> {
  await withSystem(database, (tx) =>
    tx
      .update(merchants)
      .set({ ...change, updatedAt: sql`now()` })
      .where(eq(merchants.id, merchantId)),
  );
  return getShopSettings(database, merchantId);
}
