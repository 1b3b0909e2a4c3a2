import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { isUniqueViolation } from "../../../lib/database-errors.js";
import { topupBonusRules } from "./tables.js";

export type BonusRule = { id: string; minAmount: number; bonusAmount: number; active: boolean };
export type BonusRuleInput = Omit<BonusRule, "id">;

const columns = {
  id: topupBonusRules.id,
  minAmount: topupBonusRules.minAmount,
  bonusAmount: topupBonusRules.bonusAmount,
  active: topupBonusRules.active,
};

export function listBonusRules(tx: Tx, merchantId: string): Promise<BonusRule[]> {
  return tx
    .select(columns)
    .from(topupBonusRules)
    .where(eq(topupBonusRules.merchantId, merchantId))
    .orderBy(asc(topupBonusRules.minAmount));
}

/** The bonus of the highest active tier the amount reaches (充500送50: 50000 → 5000). */
export function bonusFor(rules: BonusRule[], amount: number): number {
  let bonus = 0;
  let reached = 0;
  for (const rule of rules) {
    if (rule.active && amount >= rule.minAmount && rule.minAmount >= reached) {
      reached = rule.minAmount;
      bonus = rule.bonusAmount;
    }
  }
  return bonus;
}

const sameTier = (input: BonusRuleInput) =>
  new AppError("already_exists", `There is already a tier for top-ups of ${input.minAmount}`, {
    field: "minAmount",
  });

export async function createBonusRule(tx: Tx, merchantId: string, input: BonusRuleInput): Promise<BonusRule> {
  try {
    const [row] = await tx
      .insert(topupBonusRules)
      .values({ merchantId, ...input })
      .returning(columns);
    return row!;
  } catch (error) {
    if (isUniqueViolation(error)) throw sameTier(input);
    throw error;
  }
}

export async function updateBonusRule(
  tx: Tx,
  merchantId: string,
  id: string,
  input: BonusRuleInput,
): Promise<BonusRule> {
  try {
    const [row] = await tx
      .update(topupBonusRules)
      .set({ ...input, updatedAt: sql`now()` })
      .where(and(eq(topupBonusRules.merchantId, merchantId), eq(topupBonusRules.id, id)))
      .returning(columns);
    if (!row) throw notFound("Bonus tier");
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw sameTier(input);
    throw error;
  }
}

export async function deleteBonusRule(tx: Tx, merchantId: string, id: string): Promise<void> {
  const deleted = await tx
    .delete(topupBonusRules)
    .where(and(eq(topupBonusRules.merchantId, merchantId), eq(topupBonusRules.id, id)))
    .returning({ id: topupBonusRules.id });
  if (deleted.length === 0) throw notFound("Bonus tier");
}
