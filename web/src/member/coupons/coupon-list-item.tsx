import { Tag } from "antd-mobile";
import { useNavigate } from "react-router-dom";
import type { MemberCoupon } from "../../shared/api-types";
import { formatDateTime } from "../../shared/time";
import { useMemberSession } from "../member-session";
import { isUsable, statusLabel } from "./coupon-status";
import { lastValidText } from "./coupon-text";
import { CouponTicket } from "./coupon-ticket";
import { useCouponText } from "./use-coupon-text";

/** One of my coupons; a usable one opens its QR code. */
export function CouponListItem({ coupon, highlight }: { coupon: MemberCoupon; highlight?: boolean }) {
  const { shop } = useMemberSession();
  const { ct } = useCouponText();
  const navigate = useNavigate();
  const usable = isUsable(coupon.status);
  const open = () => navigate(`/coupons/${coupon.id}`, { state: { coupon } });
  const detail =
    coupon.status === "redeemed"
      ? ct("usedAt", { time: formatDateTime(coupon.redeemedAt, shop.timeZone) })
      : coupon.status === "expired"
        ? ct("expiredAt", { time: lastValidText(coupon.validUntil, shop.timeZone) })
        : ct("validUntil", { time: lastValidText(coupon.validUntil, shop.timeZone) });
  return (
    <li className={highlight ? "qm-coupon-item qm-coupon-new" : "qm-coupon-item"}>
      <button
        type="button"
        className="qm-coupon-open"
        onClick={open}
        data-testid="my-coupon"
        data-status={coupon.status}
        data-code={coupon.code}
      >
        <CouponTicket
          rule={coupon.rule}
          name={coupon.templateName}
          detail={detail}
          dimmed={!usable}
          action={
            usable ? (
              <span className="qm-ticket-use">{ct("useNow")}</span>
            ) : (
              <Tag color="default" fill="outline">
                {ct(statusLabel[coupon.status])}
              </Tag>
            )
          }
        />
      </button>
    </li>
  );
}
