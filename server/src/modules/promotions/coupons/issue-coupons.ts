import { and, asc, count, eq, inArray, ne, sql } from "drizzle-orm";
import type { Tx } from "../../../db/tenant.js";
import { AppError, notFound } from "../../../errors.js";
import { type Actor, recordAudit } from "../../audit/record-audit.js";
import { resolveMergedId } from "../../customers/create-customer.js";
import { recordEvent } from "../../events/record-events.js";
import { isInAudience } from "./audience.js";
import { randomCouponCode } from "./coupon-codes.js";
import { coupons, couponTemplates } from "./tables.js";
import { lockTemplate, type TemplateRow } from "./templates.js";
import { couponValidity } from "./validity.js";

export type CouponRow = typeof coupons.$inferSelect;

export type IssueRequest = {
  templateId: string;
  customerId: string;
  quantity: number;
  /**
   * Makes the issue idempotent: the same key again returns the coupons it issued the first time
   * (claim:<customer>:<Idempotency-Key>, welcome:<customer>, checkin:<customer>:<date>, mall:<exchangeId> …).
   */
  issueKey: string;
  /** manual | segment | claim | batch | trigger:<name> | mall */
  source: string;
  actor: Actor;
  now: Date;
  /** A member's claim in the coupon centre: only templates shown there may be claimed. */
  claim?: boolean;
};

export type IssueOutcome = { coupons: CouponRow[]; created: boolean; customerId: string };

/** Why a template cannot issue right now; the codes and reasons callers (and members) see. */
export const refusals = {
  not_claimable: ["unprocessable", "This coupon cannot be claimed in the coupon centre"],
  paused: ["unprocessable", "This coupon is paused"],
  ended: ["unprocessable", "This coupon has ended"],
  not_in_audience: ["unprocessable", "This coupon is not offered to this customer"],
  out_of_stock: ["out_of_stock", "No coupons of this kind are left"],
  limit_reached: ["limit_reached", "The customer already holds as many of these coupons as allowed"],
} as const;
export type Refusal = keyof typeof refusals;

export function refuse(reason: Refusal, details: Record<string, unknown> = {}): AppError {
  const [code, message] = refusals[reason];
  return new AppError(code, message, { reason, ...details });
}

/**
 * Issues `quantity` coupons of a template to a customer in the caller's transaction. Under the
 * template's row lock it checks the status, the validity window, the audience, the stock and the
 * customer's limit, then inserts the coupons with random codes and counts them as issued. The
 * same issueKey again returns the first call's coupons (created: false) and a different template
 * or customer under it is idempotency_conflict. Refusals throw before anything is written.
 */
export async function issueCoupons(tx: Tx, merchantId: string, request: IssueRequest): Promise<IssueOutcome> {
  const locked = await lockTemplate(tx, merchantId, request.templateId);
  if (!locked) throw notFound("Coupon template");
  const customerId = await resolveMergedId(tx, merchantId, request.customerId);
  if (!customerId) throw notFound("Customer");
  const replay = await findIssued(tx, merchantId, request.issueKey);
  if (replay.length > 0) {
    const first = replay[0];
    if (
      first?.templateId !== request.templateId ||
      first.customerId !== customerId ||
      replay.length !== request.quantity
    ) {
      throw new AppError("idempotency_conflict", "This issue key was used for another issue", {
        issueKey: request.issueKey,
      });
    }
    return { coupons: replay, created: false, customerId };
  }
  const { template, timeZone } = locked;
  if (request.claim && !template.claimable) throw refuse("not_claimable");
  await checkIssuable(tx, merchantId, template, customerId, request.quantity, request.now);
  const validity = couponValidity(template, request.now, timeZone);
  const rows = await insertCoupons(tx, merchantId, template.id, request, customerId, validity);
  await tx
    .update(couponTemplates)
    .set({ issuedCount: sql`${couponTemplates.issuedCount} + ${rows.length}` })
    .where(and(eq(couponTemplates.merchantId, merchantId), eq(couponTemplates.id, template.id)));
  await recordEvent(tx, merchantId, {
    customerId,
    type: request.source === "claim" ? "coupon.claimed" : "coupon.issued",
    properties: {
      templateId: template.id,
      templateName: template.name,
      couponIds: rows.map((r) => r.id),
      quantity: rows.length,
      source: request.source,
      issueKey: request.issueKey,
    },
    occurredAt: request.now,
    source: eventSourceOf(request.actor),
  });
  if (request.actor.kind === "staff" || request.actor.kind === "api_key") {
    await recordAudit(tx, merchantId, {
      actor: request.actor,
      action: "coupon.issue",
      targetType: "coupon_template",
      targetId: template.id,
      details: {
        customerId,
        quantity: rows.length,
        issueKey: request.issueKey,
        couponIds: rows.map((r) => r.id),
      },
    });
  }
  return { coupons: rows, created: true, customerId };
}

const eventSources = {
  staff: "admin",
  api_key: "api",
  member: "member",
  system: "system",
  cli: "cli",
} as const;

/** The events' source vocabulary (admin, api, member, system, cli) for who issued. */
const eventSourceOf = (actor: Actor) => eventSources[actor.kind];

/** Coupons a customer holds of a template, for the per-customer limit (void ones do not count). */
export async function heldCount(
  tx: Tx,
  merchantId: string,
  templateId: string,
  customerId: string,
): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(coupons)
    .where(
      and(
        eq(coupons.merchantId, merchantId),
        eq(coupons.customerId, customerId),
        eq(coupons.templateId, templateId),
        ne(coupons.status, "void"),
      ),
    );
  return Number(row?.n ?? 0);
}

/** The refusal, if any, for issuing `quantity` coupons of a locked template to a customer at `now`. */
export async function checkIssuable(
  tx: Tx,
  merchantId: string,
  template: TemplateRow,
  customerId: string,
  quantity: number,
  now: Date,
): Promise<void> {
  if (template.status !== "active") throw refuse(template.status === "paused" ? "paused" : "ended");
  if (template.validUntil && now >= template.validUntil) throw refuse("ended");
  if (!(await isInAudience(tx, merchantId, customerId, template.audience))) throw refuse("not_in_audience");
  if (template.stock !== null && template.issuedCount + quantity > template.stock) {
    throw refuse("out_of_stock", { remaining: Math.max(0, template.stock - template.issuedCount) });
  }
  if (template.perCustomerLimit !== null) {
    const held = await heldCount(tx, merchantId, template.id, customerId);
    if (held + quantity > template.perCustomerLimit) {
      throw refuse("limit_reached", { limit: template.perCustomerLimit, held });
    }
  }
}

export async function findIssued(tx: Tx, merchantId: string, issueKey: string): Promise<CouponRow[]> {
  return tx
    .select()
    .from(coupons)
    .where(and(eq(coupons.merchantId, merchantId), eq(coupons.issueKey, issueKey)))
    .orderBy(asc(coupons.issueSeq));
}

/**
 * Inserts the coupons numbered 1..quantity under the issue key. A code that clashes with another
 * coupon's (one in 10^18 per pair) is drawn again for that number only; ON CONFLICT DO NOTHING
 * keeps the transaction usable.
 */
async function insertCoupons(
  tx: Tx,
  merchantId: string,
  templateId: string,
  request: IssueRequest,
  customerId: string,
  validity: { validFrom: Date; validUntil: Date },
): Promise<CouponRow[]> {
  let missing = Array.from({ length: request.quantity }, (_, i) => i + 1);
  for (let attempt = 0; attempt < 5 && missing.length > 0; attempt++) {
    await tx
      .insert(coupons)
      .values(
        missing.map((seq) => ({
          merchantId,
          templateId,
          customerId,
          code: randomCouponCode(),
          validFrom: validity.validFrom,
          validUntil: validity.validUntil,
          issuedAt: request.now,
          source: request.source,
          issueKey: request.issueKey,
          issueSeq: seq,
        })),
      )
      .onConflictDoNothing();
    const present = await tx
      .select({ seq: coupons.issueSeq })
      .from(coupons)
      .where(
        and(
          eq(coupons.merchantId, merchantId),
          eq(coupons.issueKey, request.issueKey),
          inArray(coupons.issueSeq, missing),
        ),
      );
    const done = new Set(present.map((r) => r.seq));
    missing = missing.filter((seq) => !done.has(seq));
  }
  if (missing.length > 0) throw new AppError("conflict", "Could not draw unique coupon codes; retry");
  return findIssued(tx, merchantId, request.issueKey);
}
