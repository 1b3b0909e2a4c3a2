import type { CouponKind, CouponRule, StackingGroup } from "./coupon-rule.js";
import type { RejectionReason } from "./rejection-reasons.js";

/** A cart line as the POS sends it; amounts in 分. lineId is unique within the cart. */
export type CartLine = {
  lineId: string;
  sku: string;
  category: string | null;
  quantity: number;
  unitPrice: number;
};

/** A coupon the customer holds (or typed in) with its template's rule. budgetLeft: null = no budget. */
export type CandidateCoupon = {
  couponId: string;
  code: string;
  templateId: string;
  rule: CouponRule;
  validFrom: Date | null;
  validUntil: Date | null;
  budgetLeft: number | null;
};

export type PriceCartInput = {
  lines: CartLine[];
  storeId: string | null;
  at: Date;
  /** The merchant's time zone: schedules are wall-clock times there. */
  timeZone: string;
  firstOrder: boolean;
  coupons: CandidateCoupon[];
  /** "chosen": apply exactly these coupons where allowed; "best": the best allowed combination. */
  mode: "chosen" | "best";
};

export type LineShare = { lineId: string; amount: number };

export type PricedLine = CartLine & { amount: number; discount: number; netAmount: number };

/** A 满赠 gift: joins the cart at price 0; value is what it is worth (counts against the budget). */
export type GiftLine = {
  couponId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: 0;
  value: number;
};

export type AppliedCoupon = {
  couponId: string;
  code: string;
  templateId: string;
  kind: CouponKind;
  group: StackingGroup;
  discount: number;
  giftValue: number;
  /** The discount split over its lines; sums exactly to discount (zero shares left out). */
  shares: LineShare[];
};

export type RejectedCoupon = {
  couponId: string;
  code: string;
  templateId: string;
  reason: RejectionReason;
  message: { zhCN: string; en: string };
};

export type PricedCart = {
  lines: PricedLine[];
  gifts: GiftLine[];
  applied: AppliedCoupon[];
  rejected: RejectedCoupon[];
  totals: { before: number; discount: number; after: number; giftValue: number };
};
