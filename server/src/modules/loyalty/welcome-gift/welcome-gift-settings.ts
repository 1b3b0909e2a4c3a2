import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import type { WelcomeGiftSettings, WelcomeGiftSettingsInput } from "./schemas.js";
import { welcomeGiftSettings } from "./tables.js";

export const defaultWelcomeGiftSettings: WelcomeGiftSettings = {
  enabled: false,
  triggers: ["first_login"],
  channels: [],
  points: 100,
  items: [],
  coupon: null,
  updatedAt: null,
};

type SettingsRow = typeof welcomeGiftSettings.$inferSelect;

const settingsOf = (row: SettingsRow): WelcomeGiftSettings => ({
  enabled: row.enabled,
  triggers: row.triggers,
  channels: row.channels,
  points: row.points,
  items: row.items,
  coupon: row.coupon ?? null,
  updatedAt: row.updatedAt.toISOString(),
});

export async function readWelcomeGiftSettings(tx: Tx, merchantId: string): Promise<WelcomeGiftSettings> {
  const [row] = await tx
    .select()
    .from(welcomeGiftSettings)
    .where(eq(welcomeGiftSettings.merchantId, merchantId));
  return row ? settingsOf(row) : defaultWelcomeGiftSettings;
}

export async function saveWelcomeGiftSettings(
  tx: Tx,
  merchantId: string,
  input: WelcomeGiftSettingsInput,
): Promise<WelcomeGiftSettings> {
  const values = { ...input, updatedAt: sql`now()` };
  const [row] = await tx
    .insert(welcomeGiftSettings)
    .values({ merchantId, ...values })
    .onConflictDoUpdate({ target: welcomeGiftSettings.merchantId, set: values })
    .returning();
  if (!row) throw new Error("welcome gift settings were not saved");
  return settingsOf(row);
}
