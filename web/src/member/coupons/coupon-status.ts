import type { MemberCouponStatus } from "../../shared/api-types";
import type { CouponMessageKey } from "./coupon-messages";

export const statusLabel: Record<MemberCouponStatus, CouponMessageKey> = {
  available: "statusAvailable",
  reserved: "statusReserved",
  redeemed: "statusRedeemed",
  expired: "statusExpired",
  void: "statusVoid",
};

/** Whether the member can still show this coupon at the counter. */
export const isUsable = (status: MemberCouponStatus) => status === "available" || status === "reserved";
