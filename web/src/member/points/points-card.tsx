import { Skeleton } from "antd-mobile";
import { Link } from "react-router-dom";
import { formatDate } from "../../shared/time";
import { useSignedInMember } from "../member-session";
import { fetchPoints } from "./member-wallet-api";
import { useMemberLoad } from "./use-member-load";
import { useWalletText } from "./use-wallet-text";

const count = (n: number) => n.toLocaleString("en-US");

/** My points: the balance, what is still pending, and what expires soon; opens the history. */
export function PointsCard() {
  const { shop } = useSignedInMember();
  const { wt } = useWalletText();
  const { data, failed, reload } = useMemberLoad(fetchPoints);
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
  const soonest = data.expiringSoon[0];
  return (
    <Link
      to="/points"
      className="qm-card qm-wallet"
      aria-label={wt("pointsHistory")}
      data-testid="member-points-card"
    >
      <span className="qm-wallet-label">
        {wt("points")}
        <span className="qm-wallet-more" aria-hidden="true">
          {wt("details")} ›
        </span>
      </span>
      <span className="qm-wallet-value" data-testid="member-points-balance">
        {count(data.balance)}
      </span>
      {data.pending > 0 && (
        <span className="qm-wallet-line qm-wallet-split" data-testid="member-points-pending">
          <span>{wt("available", { points: count(data.available) })}</span>
          <span>{wt("pending", { points: count(data.pending) })}</span>
        </span>
      )}
      {soonest ? (
        <span className="qm-wallet-line qm-wallet-warn" data-testid="member-points-expiring">
          {wt("expiring", {
            points: count(soonest.amount),
            date: formatDate(soonest.expiresAt, shop.timeZone),
          })}
        </span>
      ) : (
        data.balance === 0 && <span className="qm-wallet-line">{wt("noPoints")}</span>
      )}
    </Link>
  );
}
