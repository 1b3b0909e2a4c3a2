import { Button, ErrorBlock, SpinLoading } from "antd-mobile";
import { useCallback, useEffect, useMemo, useState } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router-dom";
import { ApiError } from "../shared/api";
import { CommunitiesPage } from "./community/communities-page";
import { CommunityPage } from "./community/community-page";
import { CommunityChatPage } from "./community-chat/chat-page";
import { CouponCentrePage } from "./coupons/coupon-centre-page";
import { CouponDetailPage } from "./coupons/coupon-detail-page";
import { MyCouponsPage } from "./coupons/my-coupons-page";
import { errorText } from "./error-text";
import { FlashSalePage } from "./flash-sales/flash-sale-page";
import { FlashSalesPage } from "./flash-sales/flash-sales-page";
import { MyFlashPurchasesPage } from "./flash-sales/my-purchases-page";
import { I18nProvider, useI18n } from "./i18n";
import { InboxPage } from "./inbox/inbox-page";
import { MessagePage } from "./inbox/message-page";
import { LanguageToggle } from "./language-toggle";
import { JoinPage } from "./live-codes/join-page";
import { LoginPage } from "./login-page";
import { MallItemPage } from "./mall/mall-item-page";
import { MallPage } from "./mall/mall-page";
import { MyExchangesPage } from "./mall/my-exchanges-page";
import { type MemberProfile, type MemberShop, memberApi } from "./member-api";
import { type MemberSession, MemberSessionContext } from "./member-session";
import { MyPage } from "./my-page";
import { PointsHistoryPage } from "./points/points-history-page";
import { ProfilePage } from "./profile-page";
import { StoredValueHistoryPage } from "./stored-value/stored-value-history-page";
import "./member.css";
import { claimShortLinkClick } from "./links/claim-click";

type Boot =
  | { state: "loading" }
  | { state: "not_found" }
  | { state: "failed"; error: unknown }
  | { state: "ready"; shop: MemberShop; member: MemberProfile | null };

/** /m/<slug>/… → slug; the server only serves this page under that prefix. */
function slugFromPath(): string {
  const segment = window.location.pathname.split("/")[2] ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

async function loadShopAndMember(api: ReturnType<typeof memberApi>): Promise<Boot> {
  try {
    const [shop, member] = await Promise.all([
      api.shop(),
      api.me().catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }),
    ]);
    return { state: "ready", shop, member };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { state: "not_found" };
    return { state: "failed", error };
  }
}

export function MemberApp() {
  const slug = useMemo(slugFromPath, []);
  const api = useMemo(() => memberApi(slug), [slug]);
  const [boot, setBoot] = useState<Boot>({ state: "loading" });
  const load = useCallback(() => {
    setBoot({ state: "loading" });
    void loadShopAndMember(api).then(setBoot);
  }, [api]);
  useEffect(load, [load]);

  const shopLocale = boot.state === "ready" ? boot.shop.locale : undefined;
  return (
    <I18nProvider shopLocale={shopLocale}>
      {boot.state === "ready" ? (
        <ReadyApp slug={slug} api={api} shop={boot.shop} initialMember={boot.member} />
      ) : (
        <BootScreen boot={boot} retry={load} />
      )}
    </I18nProvider>
  );
}

function BootScreen({ boot, retry }: { boot: Exclude<Boot, { state: "ready" }>; retry(): void }) {
  const { t } = useI18n();
  if (boot.state === "loading") {
    return (
      <div className="qm-center" aria-busy="true">
        <SpinLoading color="primary" aria-label={t("loading")} />
      </div>
    );
  }
  const notFound = boot.state === "not_found";
  return (
    <div className="qm-page qm-boot">
      <div className="qm-boot-toggle">
        <LanguageToggle />
      </div>
      <ErrorBlock
        status={notFound ? "empty" : "default"}
        fullPage
        title={notFound ? t("shopNotFoundTitle") : t("loadFailedTitle")}
        description={notFound ? t("shopNotFoundDescription") : errorText(boot.error, t)}
      >
        {notFound ? null : (
          <Button color="primary" onClick={retry}>
            {t("retry")}
          </Button>
        )}
      </ErrorBlock>
    </div>
  );
}

type ReadyProps = {
  slug: string;
  api: MemberSession["api"];
  shop: MemberShop;
  initialMember: MemberProfile | null;
};

function ReadyApp({ slug, api, shop, initialMember }: ReadyProps) {
  const [member, setMember] = useState(initialMember);
  const session = useMemo<MemberSession>(() => ({ shop, api, member, setMember }), [shop, api, member]);
  useEffect(() => {
    document.title = shop.name;
  }, [shop.name]);
  useEffect(() => {
    if (member) claimShortLinkClick(slug);
  }, [member, slug]);

  return (
    <MemberSessionContext.Provider value={session}>
      <BrowserRouter basename={`/m/${encodeURIComponent(slug)}`}>
        <Routes>
          <Route path="/" element={member ? <MyPage /> : <LoginPage />} />
          <Route path="/profile" element={member ? <ProfilePage /> : <Navigate to="/" replace />} />
          <Route path="/points" element={member ? <PointsHistoryPage /> : <Navigate to="/" replace />} />
          <Route
            path="/stored-value"
            element={member ? <StoredValueHistoryPage /> : <Navigate to="/" replace />}
          />
          <Route path="/mall" element={member ? <MallPage /> : <Navigate to="/" replace />} />
          <Route
            path="/mall/exchanges"
            element={member ? <MyExchangesPage /> : <Navigate to="/" replace />}
          />
          <Route path="/mall/:itemId" element={member ? <MallItemPage /> : <Navigate to="/" replace />} />
          <Route path="/coupons" element={member ? <MyCouponsPage /> : <Navigate to="/" replace />} />
          <Route
            path="/coupons/centre"
            element={member ? <CouponCentrePage /> : <Navigate to="/" replace />}
          />
          <Route path="/coupons/:id" element={member ? <CouponDetailPage /> : <Navigate to="/" replace />} />
          <Route path="/flash-sales" element={member ? <FlashSalesPage /> : <Navigate to="/" replace />} />
          <Route
            path="/flash-sales/purchases"
            element={member ? <MyFlashPurchasesPage /> : <Navigate to="/" replace />}
          />
          <Route
            path="/flash-sales/:saleId"
            element={member ? <FlashSalePage /> : <Navigate to="/" replace />}
          />
          <Route path="/communities" element={member ? <CommunitiesPage /> : <LoginPage />} />
          <Route path="/community/:id" element={member ? <CommunityPage /> : <LoginPage />} />
          <Route path="/inbox" element={member ? <InboxPage /> : <Navigate to="/" replace />} />
          <Route path="/inbox/:id" element={member ? <MessagePage /> : <Navigate to="/" replace />} />
          <Route
            path="/community/:communityId/chat"
            element={member ? <CommunityChatPage /> : <Navigate to="/" replace />}
          />
          <Route path="/join/:code" element={<JoinPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </BrowserRouter>
    </MemberSessionContext.Provider>
  );
}
