import { z } from "zod";

/**
 * A coupon a reward promises. Coupons arrive with the promotions issue (5); until then the spec is
 * stored with the reward and handed to the coupon hook, which records that it is due.
 */
export const CouponSpecSchema = z.strictObject({
  templateId: z.string().trim().min(1).max(100),
  quantity: z.number().int().min(1).max(10).default(1),
});
export type CouponSpec = z.infer<typeof CouponSpecSchema>;
