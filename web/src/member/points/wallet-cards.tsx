import { StoredValueCard } from "../stored-value/stored-value-card";
import { PointsCard } from "./points-card";
import "./wallet.css";

/** The My page's two wallets side by side: points and stored value. */
export function WalletCards() {
  return (
    <div className="qm-wallets">
      <PointsCard />
      <StoredValueCard />
    </div>
  );
}
