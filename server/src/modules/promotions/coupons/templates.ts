import { and, desc, eq, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { rowsOf } from "../../../jobs/enqueue-job.js";
import { CouponRuleSchema } from "../engine/coupon-rule.js";
import { checkAudience } from "./audience.js";
import { summariseRule } from "./rule-summary.js";
import type { Template, TemplateChange, TemplateInput, ValidityInput } from "./schemas.js";
import { couponTemplates } from "./tables.js";

export type TemplateRow = typeof couponTemplates.$inferSelect;

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

function fieldError(path: string, message: string): AppError {
  return new AppError("validation_failed", `Invalid request: ${path}: ${message}`, {
    issues: [{ path, message }],
  });
}

export function validityOf(row: Pick<TemplateRow, "validFrom" | "validUntil" | "validDays">): ValidityInput {
  if (row.validDays !== null) return { type: "days_after_issue", days: row.validDays };
  return {
    type: "fixed",
    validFrom: row.validFrom?.toISOString() ?? null,
    validUntil: (row.validUntil ?? new Date(0)).toISOString(),
  };
}

function validityColumns(validity: ValidityInput) {
  if (validity.type === "days_after_issue")
    return { validFrom: null, validUntil: null, validDays: validity.days };
  const validFrom = validity.validFrom ? new Date(validity.validFrom) : null;
  const validUntil = new Date(validity.validUntil);
  if (validFrom && validUntil <= validFrom)
    throw fieldError("body.validity.validUntil", "must be after validFrom");
  return { validFrom, validUntil, validDays: null };
}

export function templateOf(row: TemplateRow): Template {
  const rule = CouponRuleSchema.parse(row.rule);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    rule,
    summary: summariseRule(rule),
    validity: validityOf(row),
    stock: row.stock,
    issued: row.issuedCount,
    remaining: row.stock === null ? null : Math.max(0, row.stock - row.issuedCount),
    perCustomerLimit: row.perCustomerLimit,
    budget: row.budget,
    spent: row.spent,
    audience: row.audience,
    claimable: row.claimable,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function listTemplates(tx: Tx, merchantId: string): Promise<Template[]> {
  const rows = await tx
    .select()
    .from(couponTemplates)
    .where(eq(couponTemplates.merchantId, merchantId))
    .orderBy(desc(couponTemplates.createdAt), desc(couponTemplates.id));
  return rows.map(templateOf);
}

export async function getTemplateRow(tx: Tx, merchantId: string, id: string): Promise<TemplateRow> {
  if (!isUuid(id)) throw notFound("Coupon template");
  const [row] = await tx
    .select()
    .from(couponTemplates)
    .where(and(eq(couponTemplates.merchantId, merchantId), eq(couponTemplates.id, id)));
  if (!row) throw notFound("Coupon template");
  return row;
}

export async function getTemplate(tx: Tx, merchantId: string, id: string): Promise<Template> {
  return templateOf(await getTemplateRow(tx, merchantId, id));
}

/**
 * The template row, locked (FOR UPDATE) with the shop's time zone: every issue of a template
 * queues on this lock, which is what keeps stock and per-customer limits exact. null = no such
 * template (or an id that is not a UUID, as a loyalty reward's spec may hold).
 */
export async function lockTemplate(
  tx: Tx,
  merchantId: string,
  id: string,
): Promise<{ template: TemplateRow; timeZone: string } | null> {
  if (!isUuid(id)) return null;
  const [template] = await tx
    .select()
    .from(couponTemplates)
    .where(and(eq(couponTemplates.merchantId, merchantId), eq(couponTemplates.id, id)))
    .for("update");
  if (!template) return null;
  const [zone] = (
    (await tx.execute(sql`select time_zone from merchants where id = ${merchantId}`)) as unknown as {
      rows: { time_zone: string }[];
    }
  ).rows;
  return { template, timeZone: zone?.time_zone ?? "Asia/Shanghai" };
}

export async function createTemplate(tx: Tx, merchantId: string, input: TemplateInput): Promise<Template> {
  await checkAudience(tx, merchantId, input.audience);
  const [row] = await tx
    .insert(couponTemplates)
    .values({
      merchantId,
      name: input.name,
      description: input.description ?? null,
      rule: input.rule,
      ...validityColumns(input.validity),
      stock: input.stock ?? null,
      perCustomerLimit: input.perCustomerLimit ?? null,
      budget: input.budget ?? null,
      audience: input.audience ?? null,
      claimable: input.claimable ?? false,
      status: input.status ?? "active",
    })
    .returning();
  if (!row) throw new Error("insert returned nothing");
  return templateOf(row);
}

/**
 * Changes a template under its lock. Validity, rule and limits apply to coupons issued from now on
 * (an issued coupon keeps its dates); stock cannot drop below what was issued, nor the budget below
 * what was spent.
 */
export async function updateTemplate(
  tx: Tx,
  merchantId: string,
  id: string,
  change: TemplateChange,
  now: Date,
): Promise<Template> {
  const locked = await lockTemplate(tx, merchantId, id);
  if (!locked) throw notFound("Coupon template");
  const current = locked.template;
  if (change.stock !== undefined && change.stock !== null && change.stock < current.issuedCount) {
    throw fieldError("body.stock", `cannot be below the ${current.issuedCount} coupons already issued`);
  }
  if (change.budget !== undefined && change.budget !== null && change.budget < current.spent) {
    throw fieldError("body.budget", `cannot be below the ${current.spent} 分 already spent`);
  }
  if (change.audience !== undefined) await checkAudience(tx, merchantId, change.audience);
  const [row] = await tx
    .update(couponTemplates)
    .set({
      ...(change.name !== undefined && { name: change.name }),
      ...(change.description !== undefined && { description: change.description }),
      ...(change.rule !== undefined && { rule: change.rule }),
      ...(change.validity !== undefined && validityColumns(change.validity)),
      ...(change.stock !== undefined && { stock: change.stock }),
      ...(change.perCustomerLimit !== undefined && { perCustomerLimit: change.perCustomerLimit }),
      ...(change.budget !== undefined && { budget: change.budget }),
      ...(change.audience !== undefined && { audience: change.audience }),
      ...(change.claimable !== undefined && { claimable: change.claimable }),
      ...(change.status !== undefined && { status: change.status }),
      updatedAt: now,
    })
    .where(and(eq(couponTemplates.merchantId, merchantId), eq(couponTemplates.id, id)))
    .returning();
  if (!row) throw notFound("Coupon template");
  return templateOf(row);
}

/** Only a template that never issued a coupon and no trigger uses can be deleted; end it otherwise. */
export async function deleteTemplate(tx: Tx, merchantId: string, id: string): Promise<void> {
  const locked = await lockTemplate(tx, merchantId, id);
  if (!locked) throw notFound("Coupon template");
  const [used] = rowsOf<{ used: boolean }>(
    await tx.execute(sql`select exists (select 1 from coupon_triggers where merchant_id = ${merchantId} and template_id = ${id})
      or exists (select 1 from coupon_batches where merchant_id = ${merchantId} and template_id = ${id})
      or exists (select 1 from coupon_bulk_issues where merchant_id = ${merchantId} and template_id = ${id}) as used`),
  );
  if (locked.template.issuedCount > 0 || used?.used) {
    throw new AppError(
      "conflict",
      "This template has issued coupons, a batch, a bulk issue or a trigger: set its status to ended instead",
    );
  }
  await tx
    .delete(couponTemplates)
    .where(and(eq(couponTemplates.merchantId, merchantId), eq(couponTemplates.id, id)));
}
