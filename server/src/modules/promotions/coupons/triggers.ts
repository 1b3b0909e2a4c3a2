import { and, asc, eq } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import type { Trigger } from "./schemas.js";
import { couponTriggers } from "./tables.js";
import { getTemplateRow } from "./templates.js";

type TriggerRow = typeof couponTriggers.$inferSelect;
export type TriggerInput = Pick<Trigger, "eventType" | "templateId" | "quantity" | "enabled">;

const triggerOf = (row: TriggerRow): Trigger => ({
  id: row.id,
  eventType: row.eventType,
  templateId: row.templateId,
  quantity: row.quantity,
  enabled: row.enabled,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export async function listTriggers(tx: Tx, merchantId: string): Promise<Trigger[]> {
  const rows = await tx
    .select()
    .from(couponTriggers)
    .where(eq(couponTriggers.merchantId, merchantId))
    .orderBy(asc(couponTriggers.eventType), asc(couponTriggers.createdAt));
  return rows.map(triggerOf);
}

/**
 * Adds a trigger, or changes the one for the same event and template. It issues for events from
 * now on: a trigger never reaches back to gifts or check-ins before it was switched on.
 */
export async function saveTrigger(
  tx: Tx,
  merchantId: string,
  input: TriggerInput,
  now: Date,
): Promise<Trigger> {
  try {
    await getTemplateRow(tx, merchantId, input.templateId);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") {
      throw new AppError("validation_failed", "Invalid request: body.templateId: no such coupon template", {
        issues: [{ path: "body.templateId", message: "no such coupon template in this shop" }],
      });
    }
    throw error;
  }
  const [row] = await tx
    .insert(couponTriggers)
    .values({ merchantId, ...input, scannedUntil: now, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: [couponTriggers.merchantId, couponTriggers.eventType, couponTriggers.templateId],
      set: { quantity: input.quantity, enabled: input.enabled, updatedAt: now, scannedUntil: now },
    })
    .returning();
  if (!row) throw new Error("upsert returned nothing");
  return triggerOf(row);
}

export async function deleteTrigger(tx: Tx, merchantId: string, id: string): Promise<void> {
  const deleted = await tx
    .delete(couponTriggers)
    .where(and(eq(couponTriggers.merchantId, merchantId), eq(couponTriggers.id, id)))
    .returning({ id: couponTriggers.id });
  if (deleted.length === 0) throw notFound("Coupon trigger");
}
