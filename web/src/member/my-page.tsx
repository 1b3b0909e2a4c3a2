import { Link } from "react-router-dom";
import { CheckinCard } from "./checkin/checkin-card";
import { WelcomeGiftNotice } from "./checkin/welcome-gift-notice";
import { CommunityEntry } from "./community/community-entry";
import { CouponsEntry } from "./coupons/coupons-entry";
import { FlashEntry } from "./flash-sales/flash-entry";
import { useI18n } from "./i18n";
import { InboxEntry } from "./inbox/inbox-entry";
import { LevelCard } from "./levels/level-card";
import { MallEntry } from "./mall/mall-entry";
import { maskPhone } from "./mask-phone";
import { useSignedInMember } from "./member-session";
import { OrderList } from "./order-list";
import { WalletCards } from "./points/wallet-cards";
import { ShopHeader } from "./shop-header";

export function MyPage() {
  const { member } = useSignedInMember();
  const { t } = useI18n();
  const displayName = member.name?.trim() || t("member");

  return (
    <div className="qm-page">
      <ShopHeader>
        <Link to="/profile" className="qm-member-card" aria-label={t("editProfile")}>
          <div className="qm-avatar" aria-hidden="true">
            {Array.from(displayName)[0]}
          </div>
          <div className="qm-member-text">
            <div className="qm-member-name" data-testid="member-name">
              {displayName}
            </div>
            <div className="qm-member-phone">{maskPhone(member.phone)}</div>
          </div>
          <span className="qm-member-edit">
            {t("editProfile")}
            <span aria-hidden="true"> ›</span>
          </span>
        </Link>
      </ShopHeader>
      <InboxEntry />
      <LevelCard />
      <WalletCards />
      <MallEntry />
      <CouponsEntry />
      <FlashEntry />
      <CommunityEntry />
      <CheckinCard />
      <WelcomeGiftNotice />
      <main>
        <h2 className="qm-section-title">{t("myOrders")}</h2>
        <OrderList />
      </main>
    </div>
  );
}
