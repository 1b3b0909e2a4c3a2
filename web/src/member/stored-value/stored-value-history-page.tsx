import { NavBar } from "antd-mobile";
import { useNavigate } from "react-router-dom";
import { formatMoney } from "../../shared/money";
import { useI18n } from "../i18n";
import { LanguageToggle } from "../language-toggle";
import { useSignedInMember } from "../member-session";
import { LedgerList } from "../points/ledger-list";
import { fetchStoredValue } from "../points/member-wallet-api";
import { useMemberLoad } from "../points/use-member-load";
import { useWalletText } from "../points/use-wallet-text";
import "../points/wallet.css";

/** 储值明细: the balance as principal and bonus, then every top-up, payment and refund. */
export function StoredValueHistoryPage() {
  const { shop } = useSignedInMember();
  const { t } = useI18n();
  const { wt } = useWalletText();
  const navigate = useNavigate();
  const { data } = useMemberLoad(fetchStoredValue);
  const money = (fen: number) => formatMoney(fen, shop.currency);
  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/")}
        backIcon={t("back")}
        right={<LanguageToggle />}
      >
        {wt("storedValueHistory")}
      </NavBar>
      {data && (
        <section className="qm-card qm-wallet-summary" data-testid="member-stored-value-summary">
          <div className="qm-wallet-value">{money(data.balance)}</div>
          <div className="qm-wallet-line">
            {wt("principal", { amount: money(data.principal) })} ·{" "}
            {wt("bonus", { amount: money(data.bonus) })}
          </div>
        </section>
      )}
      <LedgerList
        wallet="stored-value"
        amount={money}
        empty={{ title: wt("noStoredValueHistory"), description: wt("noStoredValueHistoryHint") }}
      />
    </div>
  );
}
