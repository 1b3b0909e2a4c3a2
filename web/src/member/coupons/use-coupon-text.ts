import { useI18n } from "../i18n";
import { couponTextOf } from "./coupon-messages";

/** The coupons' own t(), plus the member page's for shared words and generic errors. */
export function useCouponText() {
  const i18n = useI18n();
  return { ...i18n, ct: couponTextOf(i18n.locale) };
}
