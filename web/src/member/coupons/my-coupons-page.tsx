import { Button, ErrorBlock, NavBar, SpinLoading, Tabs } from "antd-mobile";
import { useCallback, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { LanguageToggle } from "../language-toggle";
import { BindCodeSheet } from "./bind-code-sheet";
import { CouponListItem } from "./coupon-list-item";
import { type CouponMessageKey, couponErrorText } from "./coupon-messages";
import type { CouponTab } from "./coupons-api";
import { useCouponText } from "./use-coupon-text";
import { useCouponsApi, useLoaded } from "./use-coupons";
import "./coupons.css";

const tabs: { key: CouponTab; title: CouponMessageKey; empty: CouponMessageKey; hint: CouponMessageKey }[] = [
  { key: "available", title: "tabAvailable", empty: "noAvailable", hint: "noAvailableHint" },
  { key: "used", title: "tabUsed", empty: "noUsed", hint: "noUsedHint" },
  { key: "expired", title: "tabExpired", empty: "noExpired", hint: "noExpiredHint" },
];

const tabOf = (value: string | null): CouponTab =>
  value === "used" || value === "expired" ? value : "available";

/** 我的优惠券: available (soonest to expire first), used and expired; the coupon centre and a code to enter. */
export function MyCouponsPage() {
  const { ct, t } = useCouponText();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const tab = tabOf(search.get("tab"));
  const [binding, setBinding] = useState(false);
  const { api, signOutOn401 } = useCouponsApi();
  const load = useCallback(() => api.list(tab).then((page) => page.data), [api, tab]);
  const { data, error, loading, reload } = useLoaded(load, signOutOn401);
  const current = tabs.find((entry) => entry.key === tab) ?? tabs[0]!;

  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/")}
        backIcon={ct("back")}
        right={<LanguageToggle />}
      >
        {ct("myCoupons")}
      </NavBar>
      <div className="qm-coupon-toolbar">
        <Link to="/coupons/centre" className="qm-coupon-toolbar-link" data-testid="coupon-centre-link">
          {ct("couponCentre")} ›
        </Link>
        <button
          type="button"
          className="qm-link-button"
          onClick={() => setBinding(true)}
          data-testid="bind-code"
        >
          {ct("bindCode")}
        </button>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch(key === "available" ? {} : { tab: key }, { replace: true })}
        className="qm-coupon-tabs"
      >
        {tabs.map((entry) => (
          <Tabs.Tab key={entry.key} title={ct(entry.title)} />
        ))}
      </Tabs>
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
        <ErrorBlock status="empty" title={ct(current.empty)} description={ct(current.hint)}>
          {tab === "available" ? (
            <Button color="primary" onClick={() => navigate("/coupons/centre")}>
              {ct("goToCentre")}
            </Button>
          ) : null}
        </ErrorBlock>
      ) : (
        <ul className="qm-coupon-list" data-testid="my-coupons" data-tab={tab}>
          {(data ?? []).map((coupon) => (
            <CouponListItem key={coupon.id} coupon={coupon} />
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
