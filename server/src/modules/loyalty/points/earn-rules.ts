import { and, asc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { isUniqueViolation } from "../../../lib/database-errors.js";
import { pointsEarnRules } from "../ledger/tables.js";

export type EarnRuleScope = "shop" | "category" | "store";

export type EarnRule = {
  id: string;
  scope: EarnRuleScope;
  category: string | null;
  storeId: string | null;
  /** Points are given for every whole step of this many 分 paid. */
  stepAmount: number;
  pointsPerStep: number;
  active: boolean;
};

export type EarnRuleInput = Omit<EarnRule, "id">;

const columns = {
  id: pointsEarnRules.id,
  scope: pointsEarnRules.scope,
  category: pointsEarnRules.category,
  storeId: pointsEarnRules.storeId,
  stepAmount: pointsEarnRules.stepAmount,
  pointsPerStep: pointsEarnRules.pointsPerStep,
  active: pointsEarnRules.active,
};

export function listEarnRules(tx: Tx, merchantId: string): Promise<EarnRule[]> {
  return tx
    .select(columns)
    .from(pointsEarnRules)
    .where(eq(pointsEarnRules.merchantId, merchantId))
    .orderBy(asc(pointsEarnRules.scope), asc(pointsEarnRules.category), asc(pointsEarnRules.createdAt));
}

function checkShape(input: EarnRuleInput) {
  if ((input.scope === "category") !== (input.category != null)) {
    throw new AppError("validation_failed", "A category rule names its category, and only it does", {
      field: "category",
    });
  }
  if ((input.scope === "store") !== (input.storeId != null)) {
    throw new AppError("validation_failed", "A store rule names its store, and only it does", {
      field: "storeId",
    });
  }
}

const duplicate = (input: EarnRuleInput) =>
  new AppError(
    "already_exists",
    `There is already a ${input.scope} rule for ${input.category ?? input.storeId ?? "the shop"}`,
  );

export async function createEarnRule(tx: Tx, merchantId: string, input: EarnRuleInput): Promise<EarnRule> {
  checkShape(input);
  try {
    const [row] = await tx
      .insert(pointsEarnRules)
      .values({ merchantId, ...input })
      .returning(columns);
    return row!;
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input);
    throw error;
  }
}

export async function updateEarnRule(
  tx: Tx,
  merchantId: string,
  id: string,
  input: EarnRuleInput,
): Promise<EarnRule> {
  checkShape(input);
  try {
    const [row] = await tx
      .update(pointsEarnRules)
      .set({ ...input, updatedAt: sql`now()` })
      .where(and(eq(pointsEarnRules.merchantId, merchantId), eq(pointsEarnRules.id, id)))
      .returning(columns);
    if (!row) throw notFound("Points rule");
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate(input);
    throw error;
  }
}

export async function deleteEarnRule(tx: Tx, merchantId: string, id: string): Promise<void> {
  const deleted = await tx
    .delete(pointsEarnRules)
    .where(and(eq(pointsEarnRules.merchantId, merchantId), eq(pointsEarnRules.id, id)))
    .returning({ id: pointsEarnRules.id });
  if (deleted.length === 0) throw notFound("Points rule");
}

export type PointsLine = { category: string | null; netAmount: number };

/**
 * Points for an order's lines before the level multiplier: each line by the most specific active
 * rule (its category's, else its store's, else the shop's); a line no rule covers earns nothing.
 */
export function pointsForLines(rules: EarnRule[], lines: PointsLine[], storeId: string | null): number {
  const active = rules.filter((rule) => rule.active);
  const shopRule = active.find((rule) => rule.scope === "shop");
  const storeRule = storeId
    ? active.find((rule) => rule.scope === "store" && rule.storeId === storeId)
    : undefined;
  let points = 0;
  for (const line of lines) {
    const rule =
      active.find((r) => r.scope === "category" && line.category != null && r.category === line.category) ??
      storeRule ??
      shopRule;
    if (!rule || line.netAmount <= 0) continue;
    points += Math.floor(line.netAmount / rule.stepAmount) * rule.pointsPerStep;
  }
  return points;
}

/** Applies a level's multiplier (150 = 1.5×), rounding down. */
export const withMultiplier = (points: number, multiplierPercent: number) =>
  Math.floor((points * multiplierPercent) / 100);
