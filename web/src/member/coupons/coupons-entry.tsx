import { TagOutlined } from "@ant-design/icons";
import { useCallback } from "react";
import { Link } from "react-router-dom";
import { useCouponText } from "./use-coupon-text";
import { useCouponsApi, useLoaded } from "./use-coupons";
import "./coupons.css";

/** The My page's way into my coupons (with how many I can use) and the coupon centre. */
export function CouponsEntry() {
  const { ct } = useCouponText();
  const { api, signOutOn401 } = useCouponsApi();
  const load = useCallback(() => api.list("available").then((page) => page.data.length), [api]);
  const { data: count } = useLoaded(load, signOutOn401);
  return (
    <nav className="qm-card qm-coupon-entry" aria-label={ct("coupons")}>
      <Link to="/coupons" className="qm-coupon-entry-main" data-testid="coupons-entry">
        <TagOutlined className="qm-coupon-entry-icon" aria-hidden="true" />
        <span>
          <span className="qm-coupon-entry-title">
            {ct("myCoupons")}
            {count ? (
              <span className="qm-coupon-count" data-testid="coupons-count">
                {count}
              </span>
            ) : null}
          </span>
          <span className="qm-muted qm-coupon-small">{ct("couponsEntryHint")}</span>
        </span>
      </Link>
      <Link to="/coupons/centre" className="qm-coupon-toolbar-link" data-testid="coupon-centre-entry">
        {ct("couponCentre")} ›
      </Link>
    </nav>
  );
}
