import type { CouponValidity } from "../../../../shared/api-types";
import type { Translate } from "../../../i18n/locale-context";

/** "领取后 30 天内有效" or "2026-12-01 00:00 – 2026-12-31 23:59" on the shop's clock. */
export function validityText(
  validity: CouponValidity,
  t: Translate,
  f: { dateTime: (iso: string | null | undefined) => string },
): string {
  if (validity.type === "days_after_issue") return t("coupons.validity.daysText", { days: validity.days });
  return validity.validFrom
    ? `${f.dateTime(validity.validFrom)} – ${f.dateTime(validity.validUntil)}`
    : t("coupons.validity.untilText", { until: f.dateTime(validity.validUntil) });
}
