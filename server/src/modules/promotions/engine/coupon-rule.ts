import { z } from "zod";

/**
 * What a coupon template promises: stored as the template's `rule` (jsonb) and read by the engine.
 * Money is integer 分. Keep changes additive: stored rules are parsed with this schema again.
 */

const Fen = z.number().int().min(0).max(100_000_000_000);
const PositiveFen = z.number().int().min(1).max(100_000_000_000);
const Sku = z.string().trim().min(1).max(100);
const Category = z.string().trim().min(1).max(100);
const Clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "a time as HH:MM (00:00–24:00)");

/**
 * Which lines a coupon applies to. With no include lists every line is in scope; otherwise a line is
 * in scope when its category or its sku is included. Excludes always win. storeIds: the stores where the
 * coupon is usable (absent or empty: every store and also carts without a store).
 */
export const CouponScopeSchema = z.strictObject({
  storeIds: z.array(z.string().uuid()).max(500).optional(),
  includeCategories: z.array(Category).max(200).optional(),
  excludeCategories: z.array(Category).max(200).optional(),
  includeSkus: z.array(Sku).max(1000).optional(),
  excludeSkus: z.array(Sku).max(1000).optional(),
});
export type CouponScope = z.infer<typeof CouponScopeSchema>;

/**
 * When in the merchant's time zone the coupon is usable. weekdays: 1–7, Monday = 1, absent = every day.
 * hours: from (inclusive) to (exclusive); to ≤ from means the window runs past midnight (22:00–02:00), and
 * the weekday is that of the wall-clock day at the moment of use.
 */
export const CouponScheduleSchema = z.strictObject({
  weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
  hours: z.strictObject({ from: Clock, to: Clock }).optional(),
});
export type CouponSchedule = z.infer<typeof CouponScheduleSchema>;

/**
 * Application order of the stacking groups: each coupon applies to what the groups before it left.
 * A cart carries at most one coupon per group; an exclusive coupon combines with nothing.
 */
export const stackingGroups = ["exchange", "item", "category", "order", "gift"] as const;
export type StackingGroup = (typeof stackingGroups)[number];

function stackingSchema(defaultGroup: StackingGroup) {
  return z
    .strictObject({
      exclusive: z.boolean().default(false),
      group: z.enum(stackingGroups).default(defaultGroup),
    })
    .default({ exclusive: false, group: defaultGroup });
}

const common = {
  /** Spend needed on the in-scope lines (after the discounts of earlier groups), 分. */
  minSpend: Fen.default(0),
  scope: CouponScopeSchema.default({}),
  schedule: CouponScheduleSchema.optional(),
};

/** Percent off as a whole percent: 20 means 20% off (八折). */
const Percent = z.number().int().min(1).max(99);

export const CouponRuleSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.literal("amount_off"),
      amountOff: PositiveFen,
      ...common,
      stacking: stackingSchema("order"),
    }),
    z.strictObject({
      kind: z.literal("percent_off"),
      percentOff: Percent,
      /** Cap on the discount, 分. */
      maxDiscount: PositiveFen.optional(),
      ...common,
      stacking: stackingSchema("order"),
    }),
    z.strictObject({
      kind: z.literal("threshold"),
      /** 满100减10, 满200减25: the highest tier reached applies. */
      tiers: z
        .array(z.strictObject({ minSpend: PositiveFen, amountOff: PositiveFen }))
        .min(1)
        .max(10),
      ...common,
      stacking: stackingSchema("order"),
    }),
    z.strictObject({
      kind: z.literal("first_order"),
      /** Exactly one of amountOff and percentOff. */
      amountOff: PositiveFen.optional(),
      percentOff: Percent.optional(),
      maxDiscount: PositiveFen.optional(),
      ...common,
      stacking: stackingSchema("order"),
    }),
    z.strictObject({
      kind: z.literal("gift"),
      /** 满赠: the gift joins the cart at price 0; unitPrice is what it is worth (budget, reports). */
      gift: z.strictObject({
        sku: Sku,
        name: z.string().trim().min(1).max(200),
        quantity: z.number().int().min(1).max(100),
        unitPrice: Fen,
      }),
      ...common,
      stacking: stackingSchema("gift"),
    }),
    z.strictObject({
      kind: z.literal("exchange"),
      /** 兑换券: this many units of the sku in the cart become free (up to maxDiscount). */
      exchangeSku: Sku,
      exchangeQuantity: z.number().int().min(1).max(100).default(1),
      maxDiscount: PositiveFen.optional(),
      ...common,
      stacking: stackingSchema("exchange"),
    }),
  ])
  .superRefine((rule, ctx) => {
    checkScope(rule.scope, ctx);
    if (rule.schedule?.hours && rule.schedule.hours.from === rule.schedule.hours.to) {
      ctx.addIssue({ code: "custom", path: ["schedule", "hours", "to"], message: "an empty hours window" });
    }
    if (rule.kind === "threshold") checkTiers(rule.tiers, ctx);
    if (rule.kind === "first_order" && (rule.amountOff === undefined) === (rule.percentOff === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["amountOff"],
        message: "a first-order coupon needs exactly one of amountOff and percentOff",
      });
    }
    if (rule.kind === "first_order" && rule.amountOff !== undefined && rule.maxDiscount !== undefined) {
      ctx.addIssue({ code: "custom", path: ["maxDiscount"], message: "maxDiscount only caps a percentOff" });
    }
  });
export type CouponRule = z.infer<typeof CouponRuleSchema>;
export type CouponRuleInput = z.input<typeof CouponRuleSchema>;
export type CouponKind = CouponRule["kind"];
export const couponKinds = [
  "amount_off",
  "percent_off",
  "threshold",
  "first_order",
  "gift",
  "exchange",
] as const satisfies readonly CouponKind[];

type Issues = z.RefinementCtx;

function checkTiers(tiers: { minSpend: number; amountOff: number }[], ctx: Issues): void {
  tiers.forEach((tier, index) => {
    if (tier.amountOff > tier.minSpend) {
      ctx.addIssue({
        code: "custom",
        path: ["tiers", index, "amountOff"],
        message: "a tier cannot take off more than its minimum spend",
      });
    }
    const previous = tiers[index - 1];
    if (previous && tier.minSpend <= previous.minSpend) {
      ctx.addIssue({
        code: "custom",
        path: ["tiers", index, "minSpend"],
        message: "tiers go up: each minSpend above the previous one",
      });
    }
    if (previous && tier.amountOff <= previous.amountOff) {
      ctx.addIssue({
        code: "custom",
        path: ["tiers", index, "amountOff"],
        message: "tiers go up: each amountOff above the previous one",
      });
    }
  });
}

function checkScope(scope: CouponScope, ctx: Issues): void {
  const pairs = [
    ["includeCategories", "excludeCategories"],
    ["includeSkus", "excludeSkus"],
  ] as const;
  for (const [include, exclude] of pairs) {
    const excluded = new Set(scope[exclude] ?? []);
    (scope[include] ?? []).forEach((value, index) => {
      if (excluded.has(value)) {
        ctx.addIssue({
          code: "custom",
          path: ["scope", include, index],
          message: `"${value}" is both included and excluded`,
        });
      }
    });
  }
}
