import { eq, sql } from "drizzle-orm";
import type { Tx } from "../../db/tenant.js";
import type { InsightSettings, UpdateInsightSettingsInput } from "./schemas.js";
import { insightSettings } from "./tables.js";

export const defaultRfmSettings: InsightSettings["rfm"] = {
  windowDays: 365,
  referenceMode: "today",
  referenceDate: null,
  scoringMode: "quintile",
  cutoffs: null,
};

/** The merchant's insight settings; the defaults while it has never saved any. */
export async function getInsightSettings(tx: Tx, merchantId: string): Promise<InsightSettings> {
  const [row] = await tx.select().from(insightSettings).where(eq(insightSettings.merchantId, merchantId));
  if (!row) return { rfm: defaultRfmSettings, updatedAt: null };
  return {
    rfm: {
      windowDays: row.rfmWindowDays,
      referenceMode: row.rfmReferenceMode,
      referenceDate: row.rfmReferenceDate,
      scoringMode: row.rfmScoringMode,
      cutoffs: row.rfmCutoffs,
    },
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Replaces the RFM settings. A reference date or cut-offs the mode does not use are dropped. */
export async function updateInsightSettings(
  tx: Tx,
  merchantId: string,
  input: UpdateInsightSettingsInput,
): Promise<InsightSettings> {
  const values = {
    rfmWindowDays: input.rfm.windowDays,
    rfmReferenceMode: input.rfm.referenceMode,
    rfmReferenceDate: input.rfm.referenceMode === "fixed" ? (input.rfm.referenceDate ?? null) : null,
    rfmScoringMode: input.rfm.scoringMode,
    rfmCutoffs: input.rfm.scoringMode === "cutoffs" ? (input.rfm.cutoffs ?? null) : null,
    updatedAt: sql`now()`,
  };
  await tx
    .insert(insightSettings)
    .values({ merchantId, ...values })
    .onConflictDoUpdate({ target: insightSettings.merchantId, set: values });
  return getInsightSettings(tx, merchantId);
}
