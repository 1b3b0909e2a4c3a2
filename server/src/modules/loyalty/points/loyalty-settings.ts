import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { merchants } from "../../merchants/tables.js";
import { loyaltySettings } from "../ledger/tables.js";
import type { PointsExpiryRule } from "./points-expiry.js";

export type LoyaltySettings = {
  pointsPendingDays: number;
  pointsExpiry: PointsExpiryRule;
  allowNegativePoints: boolean;
  profileCompletionPoints: number;
  storedValueBonusOrder: "principal_first" | "pro_rata";
  timeZone: string;
};

type SettingsRow = typeof loyaltySettings.$inferSelect;

const defaults: Omit<SettingsRow, "merchantId" | "updatedAt"> = {
  pointsPendingDays: 7,
  pointsExpiry: "none",
  pointsExpiryMonths: null,
  allowNegativePoints: false,
  profileCompletionPoints: 0,
  storedValueBonusOrder: "principal_first",
};

function expiryRuleOf(row: Pick<SettingsRow, "pointsExpiry" | "pointsExpiryMonths">): PointsExpiryRule {
  if (row.pointsExpiry === "months") return { kind: "months", months: row.pointsExpiryMonths ?? 12 };
  return { kind: row.pointsExpiry };
}

/** The shop's loyalty settings (defaults until it saves its own) and its time zone. */
export async function getLoyaltySettings(tx: Tx, merchantId: string): Promise<LoyaltySettings> {
  const [row] = await tx
    .select({ settings: loyaltySettings, timeZone: merchants.timeZone })
    .from(merchants)
    .leftJoin(loyaltySettings, eq(loyaltySettings.merchantId, merchants.id))
    .where(eq(merchants.id, merchantId));
  const settings = row?.settings ?? { ...defaults, merchantId, updatedAt: new Date() };
  return {
    pointsPendingDays: settings.pointsPendingDays,
    pointsExpiry: expiryRuleOf(settings),
    allowNegativePoints: settings.allowNegativePoints,
    profileCompletionPoints: settings.profileCompletionPoints,
    storedValueBonusOrder: settings.storedValueBonusOrder,
    timeZone: row?.timeZone ?? "Asia/Shanghai",
  };
}

export type LoyaltySettingsChange = Partial<Omit<LoyaltySettings, "timeZone">>;

export async function updateLoyaltySettings(
  tx: Tx,
  merchantId: string,
  change: LoyaltySettingsChange,
): Promise<LoyaltySettings> {
  const current = await getLoyaltySettings(tx, merchantId);
  const next = { ...current, ...change };
  const values = {
    pointsPendingDays: next.pointsPendingDays,
    pointsExpiry: next.pointsExpiry.kind,
    pointsExpiryMonths: next.pointsExpiry.kind === "months" ? next.pointsExpiry.months : null,
    allowNegativePoints: next.allowNegativePoints,
    profileCompletionPoints: next.profileCompletionPoints,
    storedValueBonusOrder: next.storedValueBonusOrder,
    updatedAt: sql`now()`,
  };
  await tx
    .insert(loyaltySettings)
    .values({ merchantId, ...values })
    .onConflictDoUpdate({ target: loyaltySettings.merchantId, set: values });
  return getLoyaltySettings(tx, merchantId);
}
