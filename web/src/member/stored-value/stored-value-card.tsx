import { Skeleton } from "antd-mobile";
import { Link } from "react-router-dom";
import { formatMoney } from "../../shared/money";
import { useSignedInMember } from "../member-session";
import { fetchStoredValue } from "../points/member-wallet-api";
import { useMemberLoad } from "../points/use-member-load";
import { useWalletText } from "../points/use-wallet-text";

/** My stored value: the balance, split into what I paid in and the bonus; opens the history. */
export function StoredValueCard() {
  const { shop } = useSignedInMember();
  const { wt } = useWalletText();
  const { data, failed, reload } = useMemberLoad(fetchStoredValue);
  if (failed) {
    return (
      <button type="button" className="qm-card qm-wallet qm-link-button" onClick={reload}>
        {wt("loadFailed")}
      </button>
    );
  }
  if (!data) {
    return (
      <div className="qm-card qm-wallet" aria-busy="true">
        <Skeleton.Paragraph lineCount={2} animated />
      </div>
    );
  }
  const money = (fen: number) => formatMoney(fen, shop.currency);
  return (
    <Link
      to="/stored-value"
      className="qm-card qm-wallet"
      aria-label={wt("storedValueHistory")}
      data-testid="member-stored-value-card"
    >
      <span className="qm-wallet-label">
        {wt("storedValue")}
        <span className="qm-wallet-more" aria-hidden="true">
          {wt("details")} ›
        </span>
      </span>
      <span className="qm-wallet-value" data-testid="member-stored-value-balance">
        {money(data.balance)}
      </span>
      {data.bonus > 0 ? (
        <span className="qm-wallet-line qm-wallet-split" data-testid="member-stored-value-split">
          <span>{wt("principal", { amount: money(data.principal) })}</span>
          <span>{wt("bonus", { amount: money(data.bonus) })}</span>
        </span>
      ) : (
        data.balance === 0 && <span className="qm-wallet-line">{wt("noStoredValue")}</span>
      )}
    </Link>
  );
}
