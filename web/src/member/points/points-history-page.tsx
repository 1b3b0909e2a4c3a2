import { NavBar } from "antd-mobile";
import { useNavigate } from "react-router-dom";
import { formatDate } from "../../shared/time";
import { useI18n } from "../i18n";
import { LanguageToggle } from "../language-toggle";
import { useSignedInMember } from "../member-session";
import { LedgerList } from "./ledger-list";
import { fetchPoints } from "./member-wallet-api";
import { useMemberLoad } from "./use-member-load";
import { useWalletText } from "./use-wallet-text";
import "./wallet.css";

const count = (n: number) => n.toLocaleString("en-US");

/** 积分明细: the balance with what is pending and expiring, then every change. */
export function PointsHistoryPage() {
  const { shop } = useSignedInMember();
  const { t } = useI18n();
  const { wt } = useWalletText();
  const navigate = useNavigate();
  const { data } = useMemberLoad(fetchPoints);
  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/")}
        backIcon={t("back")}
        right={<LanguageToggle />}
      >
        {wt("pointsHistory")}
      </NavBar>
      {data && (
        <section className="qm-card qm-wallet-summary" data-testid="member-points-summary">
          <div className="qm-wallet-value">
            {count(data.balance)} <span className="qm-wallet-unit">{wt("pointsUnit")}</span>
          </div>
          <div className="qm-wallet-line">
            {wt("available", { points: count(data.available) })} ·{" "}
            {wt("pending", { points: count(data.pending) })}
          </div>
          {data.pending > 0 && <div className="qm-muted qm-wallet-small">{wt("pendingHint")}</div>}
          {data.expiringSoon.map((lot) => (
            <div key={lot.expiresAt} className="qm-wallet-line qm-wallet-warn">
              {wt("expiring", { points: count(lot.amount), date: formatDate(lot.expiresAt, shop.timeZone) })}
            </div>
          ))}
        </section>
      )}
      <LedgerList
        wallet="points"
        amount={count}
        empty={{ title: wt("noPointsHistory"), description: wt("noPointsHistoryHint") }}
      />
    </div>
  );
}
