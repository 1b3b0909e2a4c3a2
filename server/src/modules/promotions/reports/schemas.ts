import { z } from "zod";
import { reportGroupings } from "./coupon-report.js";

export const CouponReportQuerySchema = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  groupBy: z.enum(reportGroupings).default("template"),
  templateId: z.string().uuid().optional(),
  storeId: z.string().uuid().optional(),
});

const figures = {
  issued: z.number().int().nullable().describe("coupons issued in the period (null when grouped by store)"),
  claimed: z
    .number()
    .int()
    .nullable()
    .describe("of those, claimed in the coupon centre or bound from a code"),
  redeemed: z.number().int().describe("coupon uses in redemptions of the period that stand"),
  rolledBack: z.number().int().describe("coupon uses in redemptions of the period that were rolled back"),
  discount: z.number().int().describe("discount given, 分"),
  gmv: z.number().int().describe("what the checkouts that used them came to after the discount, 分"),
  redemptionRate: z.number().nullable().describe("redeemed / issued"),
  roi: z.number().nullable().describe("GMV / discount"),
};

export const CouponReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  timeZone: z.string(),
  groupBy: z.enum(reportGroupings),
  rows: z.array(
    z.object({
      key: z
        .string()
        .describe(
          "template id, campaign (batch:<id>, bulk:<id> or a channel), store id ('' = none) or local date",
        ),
      label: z.string(),
      templateId: z.string().nullable(),
      ...figures,
    }),
  ),
  totals: z.object(figures).describe("GMV counts each checkout once, even when it used several templates"),
});
