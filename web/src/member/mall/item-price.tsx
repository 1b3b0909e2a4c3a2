import { formatMoney } from "../../shared/money";
import { useMemberSession } from "../member-session";
import { useMallText } from "./mall-messages";

/** "300 积分" or "300 积分 + ¥9.90" for the given quantity. */
export function ItemPrice({ points, cash, className }: { points: number; cash: number; className?: string }) {
  const { shop } = useMemberSession();
  const { mt } = useMallText();
  return (
    <span className={className ?? "qm-mall-price"}>
      {cash > 0
        ? mt("pointsPlusCash", { points, cash: formatMoney(cash, shop.currency) })
        : mt("points", { points })}
    </span>
  );
}
