import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import type { CheckinSettings, CheckinSettingsInput } from "./schemas.js";
import { checkinSettings } from "./tables.js";

/** A shop that never saved its settings: check-in off, the common 7-day schedule ready to switch on. */
export const defaultCheckinSettings: CheckinSettings = {
  enabled: false,
  cycleDays: 7,
  rewards: [
    { day: 1, points: 5, coupon: null },
    { day: 2, points: 5, coupon: null },
    { day: 3, points: 10, coupon: null },
    { day: 4, points: 10, coupon: null },
    { day: 5, points: 15, coupon: null },
    { day: 6, points: 15, coupon: null },
    { day: 7, points: 50, coupon: null },
  ],
  afterCycle: "restart",
  makeup: { enabled: false, costPoints: 20, windowDays: 7, monthlyLimit: 2 },
  updatedAt: null,
};

type SettingsRow = typeof checkinSettings.$inferSelect;

function settingsOf(row: SettingsRow): CheckinSettings {
  return {
    enabled: row.enabled,
    cycleDays: row.cycleDays,
    rewards: [...row.rewards].sort((a, b) => a.day - b.day),
    afterCycle: row.afterCycle,
    makeup: {
      enabled: row.makeupEnabled,
      costPoints: row.makeupCostPoints,
      windowDays: row.makeupWindowDays,
      monthlyLimit: row.makeupMonthlyLimit,
    },
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function readCheckinSettings(tx: Tx, merchantId: string): Promise<CheckinSettings> {
  const [row] = await tx.select().from(checkinSettings).where(eq(checkinSettings.merchantId, merchantId));
  return row ? settingsOf(row) : defaultCheckinSettings;
}

export async function saveCheckinSettings(
  tx: Tx,
  merchantId: string,
  input: CheckinSettingsInput,
): Promise<CheckinSettings> {
  const values = {
    enabled: input.enabled,
    cycleDays: input.cycleDays,
    rewards: [...input.rewards].sort((a, b) => a.day - b.day),
    afterCycle: input.afterCycle,
    makeupEnabled: input.makeup.enabled,
    makeupCostPoints: input.makeup.costPoints,
    makeupWindowDays: input.makeup.windowDays,
    makeupMonthlyLimit: input.makeup.monthlyLimit,
    updatedAt: sql`now()`,
  };
  const [row] = await tx
    .insert(checkinSettings)
    .values({ merchantId, ...values })
    .onConflictDoUpdate({ target: checkinSettings.merchantId, set: values })
    .returning();
  if (!row) throw new Error("check-in settings were not saved");
  return settingsOf(row);
}
