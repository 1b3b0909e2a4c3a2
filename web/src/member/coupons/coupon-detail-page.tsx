import { Button, ErrorBlock, NavBar, SpinLoading, Tag } from "antd-mobile";
import { QRCodeSVG } from "qrcode.react";
import { useCallback } from "react";
import { useLocation, useNavigate, useParams } from "react-router-dom";
import type { MemberCoupon } from "../../shared/api-types";
import { formatDateTime } from "../../shared/time";
import { LanguageToggle } from "../language-toggle";
import { useMemberSession } from "../member-session";
import { couponErrorText } from "./coupon-messages";
import { isUsable, statusLabel } from "./coupon-status";
import { conditionText, lastValidText, scopeLines } from "./coupon-text";
import { CouponTicket } from "./coupon-ticket";
import type { CouponsApi } from "./coupons-api";
import { useCouponText } from "./use-coupon-text";
import { useCouponsApi, useLoaded } from "./use-coupons";
import "./coupons.css";

/** The member's coupon by id, fresh from the server (whichever list it is in now). */
async function findCoupon(api: CouponsApi, id: string): Promise<MemberCoupon | null> {
  const lists = await Promise.all([api.list("available"), api.list("used"), api.list("expired")]);
  return lists.flatMap((list) => list.data).find((coupon) => coupon.id === id) ?? null;
}

/** One coupon: while usable, its code as a QR and as text for the clerk; its rules in full. */
export function CouponDetailPage() {
  const { id = "" } = useParams();
  const { shop } = useMemberSession();
  const { ct, t } = useCouponText();
  const navigate = useNavigate();
  const passed = (useLocation().state as { coupon?: MemberCoupon } | null)?.coupon;
  const { api, signOutOn401 } = useCouponsApi();
  const load = useCallback(() => findCoupon(api, id), [api, id]);
  const { data, error, loading, reload } = useLoaded(load, signOutOn401);
  const coupon = data ?? (loading && passed?.id === id ? passed : null);

  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/coupons")}
        backIcon={ct("back")}
        right={<LanguageToggle />}
      >
        {ct("couponDetail")}
      </NavBar>
      {coupon ? (
        <CouponDetail coupon={coupon} timeZone={shop.timeZone} currency={shop.currency} />
      ) : loading ? (
        <div className="qm-center qm-coupon-loading">
          <SpinLoading color="primary" />
        </div>
      ) : error ? (
        <ErrorBlock status="default" title={ct("loadFailed")} description={couponErrorText(error, ct, t)}>
          <Button color="primary" onClick={reload}>
            {ct("retry")}
          </Button>
        </ErrorBlock>
      ) : (
        <ErrorBlock status="empty" title={ct("couponNotFound")} description="">
          <Button color="primary" onClick={() => navigate("/coupons")}>
            {ct("myCoupons")}
          </Button>
        </ErrorBlock>
      )}
    </div>
  );
}

function CouponDetail({
  coupon,
  timeZone,
  currency,
}: {
  coupon: MemberCoupon;
  timeZone: string;
  currency: string;
}) {
  const { ct } = useCouponText();
  const usable = isUsable(coupon.status);
  const until = lastValidText(coupon.validUntil, timeZone);
  return (
    <>
      <div className="qm-coupon-detail-ticket">
        <CouponTicket
          rule={coupon.rule}
          name={coupon.templateName}
          detail={ct("validUntil", { time: until })}
          dimmed={!usable}
          action={
            <Tag color={usable ? "success" : "default"} fill="outline">
              {ct(statusLabel[coupon.status])}
            </Tag>
          }
        />
      </div>
      <section className="qm-card qm-coupon-code" data-testid="coupon-detail" data-status={coupon.status}>
        {usable ? (
          <>
            <div className="qm-muted">{ct("showAtCounter")}</div>
            <QRCodeSVG
              value={coupon.code}
              size={184}
              marginSize={2}
              title={ct("couponCode")}
              data-testid="coupon-qr"
            />
            <div className="qm-coupon-code-text" data-testid="coupon-code">
              {coupon.codeDisplay}
            </div>
          </>
        ) : (
          <div className="qm-coupon-code-gone">
            <div className="qm-coupon-code-state">{ct(statusLabel[coupon.status])}</div>
            <div className="qm-muted">
              {coupon.status === "redeemed"
                ? ct("usedAt", { time: formatDateTime(coupon.redeemedAt, timeZone) })
                : ct("expiredAt", { time: until })}
            </div>
          </div>
        )}
      </section>
      <section className="qm-card">
        <h3 className="qm-coupon-section">{ct("rules")}</h3>
        <ul className="qm-coupon-rules">
          <li>{conditionText(coupon.rule, ct, currency)}</li>
          {scopeLines(coupon.rule, ct).map((line) => (
            <li key={line}>{line}</li>
          ))}
          <li>
            {ct("validRange", {
              from: formatDateTime(coupon.validFrom, timeZone),
              until,
            })}
          </li>
        </ul>
        {coupon.description ? (
          <>
            <h3 className="qm-coupon-section">{ct("description")}</h3>
            <p className="qm-coupon-description">{coupon.description}</p>
          </>
        ) : null}
      </section>
    </>
  );
}
