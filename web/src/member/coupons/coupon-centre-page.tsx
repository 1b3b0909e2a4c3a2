import { Button, ErrorBlock, NavBar, SpinLoading, Toast } from "antd-mobile";
import { useCallback, useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import type { CouponCentreItem } from "../../shared/api-types";
import { formatDate } from "../../shared/time";
import { LanguageToggle } from "../language-toggle";
import { useMemberSession } from "../member-session";
import { BindCodeSheet } from "./bind-code-sheet";
import { couponErrorText } from "./coupon-messages";
import { centreValidityText } from "./coupon-text";
import { CouponTicket } from "./coupon-ticket";
import { useCouponText } from "./use-coupon-text";
import { newTapKey, useCouponsApi, useLoaded } from "./use-coupons";
import "./coupons.css";

/** 领券中心: the shop's claimable coupons, with what is left and what I may still claim. */
export function CouponCentrePage() {
  const { ct, t } = useCouponText();
  const navigate = useNavigate();
  const [binding, setBinding] = useState(false);
  const { api, signOutOn401 } = useCouponsApi();
  const load = useCallback(() => api.centre().then((page) => page.data), [api]);
  const { data, error, loading, reload } = useLoaded(load, signOutOn401);

  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/coupons")}
        backIcon={ct("back")}
        right={<LanguageToggle />}
      >
        {ct("couponCentre")}
      </NavBar>
      <div className="qm-coupon-toolbar">
        <Link to="/coupons" className="qm-coupon-toolbar-link">
          {ct("myCoupons")} ›
        </Link>
        <button type="button" className="qm-link-button" onClick={() => setBinding(true)}>
          {ct("bindCode")}
        </button>
      </div>
      {loading && !data ? (
        <div className="qm-center qm-coupon-loading">
          <SpinLoading color="primary" />
        </div>
      ) : error ? (
        <ErrorBlock status="default" title={ct("loadFailed")} description={couponErrorText(error, ct, t)}>
          <Button color="primary" onClick={reload}>
            {ct("retry")}
          </Button>
        </ErrorBlock>
      ) : data && data.length === 0 ? (
        <ErrorBlock status="empty" title={ct("centreEmpty")} description={ct("centreEmptyHint")}>
          <Button color="primary" onClick={() => setBinding(true)}>
            {ct("bindCode")}
          </Button>
        </ErrorBlock>
      ) : (
        <ul className="qm-coupon-list" data-testid="coupon-centre">
          {(data ?? []).map((item) => (
            <CentreItem key={item.id} item={item} onClaimed={reload} />
          ))}
        </ul>
      )}
      <BindCodeSheet
        visible={binding}
        onClose={() => setBinding(false)}
        onBound={(coupon) => {
          setBinding(false);
          navigate(`/coupons/${coupon.id}`, { state: { coupon } });
        }}
      />
    </div>
  );
}

function CentreItem({ item, onClaimed }: { item: CouponCentreItem; onClaimed(): void }) {
  const { shop } = useMemberSession();
  const { ct, t } = useCouponText();
  const { api, signOutOn401 } = useCouponsApi();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function claim() {
    setBusy(true);
    setProblem(null);
    try {
      // One key per tap: a retried request of this tap claims once, a second tap claims another.
      await api.claim(item.id, newTapKey());
      Toast.show({ icon: "success", content: ct("claimed") });
    } catch (error) {
      signOutOn401(error);
      setProblem(couponErrorText(error, ct, t));
    } finally {
      setBusy(false);
      onClaimed();
    }
  }

  const facts = [
    centreValidityText(item.validity, ct, (iso) => formatDate(iso, shop.timeZone)),
    item.remaining !== null ? ct("remaining", { count: item.remaining }) : null,
    item.myRemaining !== null && item.available ? ct("myRemaining", { count: item.myRemaining }) : null,
    item.claimed > 0 ? ct("claimedCount", { count: item.claimed }) : null,
  ].filter((fact): fact is string => fact !== null);
  const blocked =
    item.unavailableReason === "sold_out"
      ? ct("soldOut")
      : item.unavailableReason
        ? ct("limitReached")
        : null;

  return (
    <li className="qm-coupon-item" data-testid="centre-coupon" data-template={item.id}>
      <CouponTicket
        rule={item.rule}
        name={item.name}
        dimmed={!item.available}
        detail={facts.join(" · ")}
        action={
          blocked ? (
            <span className="qm-ticket-blocked" data-testid="centre-blocked">
              {blocked}
            </span>
          ) : (
            <Button
              size="mini"
              color="primary"
              shape="rounded"
              loading={busy}
              onClick={claim}
              data-testid="centre-claim"
            >
              {item.claimed > 0 ? ct("claimAgain") : ct("claim")}
            </Button>
          )
        }
      />
      {problem ? (
        <div className="qm-coupon-problem" role="alert" data-testid="centre-problem">
          {problem}
        </div>
      ) : null}
    </li>
  );
}
