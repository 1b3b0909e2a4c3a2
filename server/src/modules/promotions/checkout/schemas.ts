import { z } from "zod";
import { CouponRuleSchema, couponKinds, stackingGroups } from "../engine/coupon-rule.js";

/** A cart's money stays within this (分, ¥1,000,000,000), so products and splits stay exact. */
export const maxCartAmount = 100_000_000_000;

const CartLineInputSchema = z.strictObject({
  /** Your line id (echoed in the shares); default: the line's position, "1", "2", … */
  lineId: z.string().trim().min(1).max(100).optional(),
  sku: z.string().trim().min(1).max(100),
  category: z.string().trim().min(1).max(100).nullable().optional(),
  quantity: z.number().int().min(1).max(100_000),
  unitPrice: z.number().int().min(0).max(maxCartAmount),
});

const CouponCodeSchema = z.string().trim().min(1).max(40);

const cartFields = {
  customerId: z.string().uuid().optional(),
  storeId: z.string().uuid().optional(),
  lines: z.array(CartLineInputSchema).min(1).max(200),
};

/** "best": the customer's coupons, best allowed combination; a list: exactly these codes where allowed. */
const CouponChoiceSchema = z.union([z.literal("best"), z.array(CouponCodeSchema).min(1).max(20)]);

function checkCart(
  cart: { lines: { lineId?: string; quantity: number; unitPrice: number }[] },
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  let total = 0;
  cart.lines.forEach((line, index) => {
    const id = line.lineId ?? String(index + 1);
    if (seen.has(id))
      ctx.addIssue({ code: "custom", path: ["lines", index, "lineId"], message: `line id ${id} twice` });
    seen.add(id);
    total += line.quantity * line.unitPrice;
  });
  if (total > maxCartAmount) {
    ctx.addIssue({
      code: "custom",
      path: ["lines"],
      message: `the cart's total is above ${maxCartAmount} 分`,
    });
  }
}

export const QuoteRequestSchema = z
  .strictObject({ ...cartFields, coupons: CouponChoiceSchema })
  .superRefine(checkCart);
export type QuoteRequest = z.infer<typeof QuoteRequestSchema>;

export const RulePreviewRequestSchema = z
  .strictObject({
    rule: CouponRuleSchema,
    storeId: z.string().uuid().optional(),
    lines: cartFields.lines,
    /** When to price at (the rule's weekdays and hours, in the shop's time zone); default: now. */
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine(checkCart);
export type RulePreviewRequest = z.infer<typeof RulePreviewRequestSchema>;

export const RedeemRequestSchema = z
  .strictObject({
    ...cartFields,
    /** Required unless reservationId is given (then the reservation's coupons are used). */
    coupons: CouponChoiceSchema.optional(),
    reservationId: z.string().uuid().optional(),
    orderRef: z.string().trim().min(1).max(100).optional(),
  })
  .superRefine((value, ctx) => {
    checkCart(value, ctx);
    if ((value.coupons === undefined) === (value.reservationId === undefined)) {
      ctx.addIssue({ code: "custom", path: ["coupons"], message: "give either coupons or reservationId" });
    }
  });
export type RedeemRequest = z.infer<typeof RedeemRequestSchema>;

export const ReservationRequestSchema = z
  .strictObject({
    ...cartFields,
    coupons: CouponChoiceSchema,
    holdMinutes: z.number().int().min(1).max(60).default(15),
  })
  .superRefine(checkCart);
export type ReservationRequest = z.infer<typeof ReservationRequestSchema>;

const ShareSchema = z.object({ lineId: z.string(), amount: z.number().int() });

const PricedLineSchema = z.object({
  lineId: z.string(),
  sku: z.string(),
  category: z.string().nullable(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  amount: z.number().int(),
  discount: z.number().int(),
  netAmount: z.number().int(),
});

const GiftSchema = z.object({
  couponId: z.string(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: z.literal(0),
  value: z.number().int(),
});

export const RejectionSchema = z.object({
  couponId: z.string().nullable(),
  code: z.string(),
  templateId: z.string().nullable(),
  reason: z.looseObject({ code: z.string() }),
  message: z.object({ zhCN: z.string(), en: z.string() }),
});
export type Rejection = z.infer<typeof RejectionSchema>;

export const QuoteSchema = z.object({
  lines: z.array(PricedLineSchema),
  gifts: z.array(GiftSchema),
  applied: z.array(
    z.object({
      couponId: z.string(),
      code: z.string(),
      templateId: z.string(),
      kind: z.enum(couponKinds),
      group: z.enum(stackingGroups),
      discount: z.number().int(),
      giftValue: z.number().int(),
      shares: z.array(ShareSchema),
    }),
  ),
  rejected: z.array(RejectionSchema),
  totals: z.object({
    before: z.number().int(),
    discount: z.number().int(),
    after: z.number().int(),
    giftValue: z.number().int(),
  }),
});
export type Quote = z.infer<typeof QuoteSchema>;

export const RedemptionSchema = z.object({
  id: z.string(),
  status: z.enum(["redeemed", "rolled_back"]),
  customerId: z.string().nullable(),
  storeId: z.string().nullable(),
  orderRef: z.string().nullable(),
  reservationId: z.string().nullable(),
  subtotal: z.number().int(),
  discount: z.number().int(),
  total: z.number().int(),
  giftValue: z.number().int(),
  lines: z.array(PricedLineSchema),
  gifts: z.array(GiftSchema.omit({ unitPrice: true })),
  coupons: z.array(
    z.object({
      couponId: z.string(),
      templateId: z.string(),
      code: z.string(),
      kind: z.string(),
      discount: z.number().int(),
      giftValue: z.number().int(),
      shares: z.array(ShareSchema),
    }),
  ),
  redeemedAt: z.string(),
  rolledBackAt: z.string().nullable(),
});
export type Redemption = z.infer<typeof RedemptionSchema>;

export const ReservationSchema = z.object({
  id: z.string(),
  status: z.enum(["held", "redeemed", "released", "expired"]),
  customerId: z.string().nullable(),
  storeId: z.string().nullable(),
  couponIds: z.array(z.string()),
  expiresAt: z.string(),
  createdAt: z.string(),
  redemptionId: z.string().nullable(),
  quote: QuoteSchema.optional(),
});
export type Reservation = z.infer<typeof ReservationSchema>;

export const RedemptionSummarySchema = RedemptionSchema.pick({
  id: true,
  status: true,
  customerId: true,
  storeId: true,
  orderRef: true,
  subtotal: true,
  discount: true,
  total: true,
  giftValue: true,
  redeemedAt: true,
  rolledBackAt: true,
}).extend({ codes: z.array(z.string()) });
export type RedemptionSummary = z.infer<typeof RedemptionSummarySchema>;

export const RedemptionListQuerySchema = z.object({
  customerId: z.string().uuid().optional(),
  status: z.enum(["redeemed", "rolled_back"]).optional(),
  templateId: z.string().uuid().optional().describe("Only redemptions that used a coupon of this template"),
  storeId: z.string().uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional().describe("Redeemed at or after this instant"),
  to: z.iso.datetime({ offset: true }).optional().describe("Redeemed before this instant"),
});

/** A time range's `from` comes before its `to` (checked after the page fields are added). */
export const isFromBeforeTo = (q: { from?: string; to?: string }) =>
  !q.from || !q.to || new Date(q.from) < new Date(q.to);
export const fromBeforeToIssue = { message: "from must be before to", path: ["to"] };

export const RollbackRequestSchema = z.strictObject({ reason: z.string().trim().max(500).optional() });
