import { z } from "zod";
import { maxCartAmount, RejectionSchema } from "../checkout/schemas.js";
import { CouponSchema } from "../coupons/schemas.js";

const CodeSchema = z.string().trim().min(1).max(40);
const AmountSchema = z.coerce.number().int().min(1).max(maxCartAmount);

export const LookupParamsSchema = z.object({ code: CodeSchema });

/** amount: the purchase in 分, to see what the coupon takes off it; storeId: where it is used. */
export const LookupQuerySchema = z.object({
  amount: AmountSchema.optional(),
  storeId: z.string().uuid().optional(),
});

export const VerifyRequestSchema = z.strictObject({
  code: CodeSchema,
  /** What the member is paying for, 分 (before the coupon). */
  amount: z.number().int().min(1).max(maxCartAmount),
  storeId: z.string().uuid().optional(),
});
export type VerifyRequest = z.infer<typeof VerifyRequestSchema>;

/** What the coupon does to the amount: the discount, what is left to pay, gifts to hand over, or why not. */
export const VerifyQuoteSchema = z.object({
  amount: z.number().int(),
  applicable: z.boolean(),
  discount: z.number().int(),
  payable: z.number().int(),
  giftValue: z.number().int(),
  gifts: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number().int() })),
  /** Why the coupon does not apply (below_min_spend, already_redeemed, wrong_store …), with messages. */
  rejection: RejectionSchema.nullable(),
});
export type VerifyQuote = z.infer<typeof VerifyQuoteSchema>;

export const VerifyCustomerSchema = z
  .object({ id: z.string(), name: z.string().nullable(), phone: z.string().nullable() })
  .nullable();

export const VerifyCouponSchema = z.object({
  coupon: CouponSchema.extend({ description: z.string().nullable() }),
  customer: VerifyCustomerSchema,
  quote: VerifyQuoteSchema.nullable(),
});
export type VerifyCoupon = z.infer<typeof VerifyCouponSchema>;

export const VerifyResultSchema = VerifyCouponSchema.omit({ quote: true }).extend({
  redemption: z.object({
    id: z.string(),
    storeId: z.string().nullable(),
    subtotal: z.number().int(),
    discount: z.number().int(),
    total: z.number().int(),
    giftValue: z.number().int(),
    gifts: z.array(z.object({ sku: z.string(), name: z.string(), quantity: z.number().int() })),
    redeemedAt: z.string(),
  }),
});
export type VerifyResult = z.infer<typeof VerifyResultSchema>;
