import { Tag } from "antd-mobile";
import { QRCodeSVG } from "qrcode.react";
import type { FlashPurchaseStatus } from "../../shared/api-types";
import { formatMoney } from "../../shared/money";
import { formatDateTime } from "../../shared/time";
import { useMemberSession } from "../member-session";
import { countdownTo, formatCountdown } from "./countdown";
import type { MemberFlashPurchase } from "./flash-api";
import { type FlashMessageKey, useFlashText } from "./flash-messages";

const statusLabel: Record<FlashPurchaseStatus, FlashMessageKey> = {
  held: "statusHeld",
  confirmed: "statusConfirmed",
  released: "statusReleased",
};
const statusColor: Record<FlashPurchaseStatus, string> = {
  held: "warning",
  confirmed: "success",
  released: "default",
};

/** "123456789012" → "1234 5678 9012", easier to read out at a counter. */
export const groupCode = (code: string) => code.replace(/(\d{4})(?=\d)/g, "$1 ");

/** One order; while it awaits payment, its code and the time left to pay. */
export function PurchaseCard({
  purchase,
  now,
  highlight,
}: {
  purchase: MemberFlashPurchase;
  now: number;
  highlight: boolean;
}) {
  const { shop } = useMemberSession();
  const { ft } = useFlashText();
  const holdLeft = countdownTo(Date.parse(purchase.holdUntil), now);
  // A hold past its time is released by the server within a minute; say so already.
  const status: FlashPurchaseStatus =
    purchase.status === "held" && holdLeft.done ? "released" : purchase.status;
  return (
    <article
      className={`qm-card qm-exchange${highlight ? " qm-exchange-new" : ""}`}
      data-testid="flash-purchase"
      data-status={status}
    >
      <div className="qm-exchange-head">
        <span className="qm-mall-tile-name">
          {purchase.itemName} × {purchase.quantity}
        </span>
        <Tag color={statusColor[status]} fill="outline">
          {ft(statusLabel[status])}
        </Tag>
      </div>
      <div className="qm-muted qm-mall-small">
        {purchase.saleName} · {formatMoney(purchase.amount, shop.currency)}
      </div>
      {status === "held" ? (
        <div className="qm-exchange-code">
          <div className="qm-flash-pay-left">
            {ft("payWithin")}{" "}
            <span className="qm-flash-clock" data-testid="flash-pay-left">
              {formatCountdown(holdLeft, ft("day"))}
            </span>
          </div>
          <div className="qm-muted">{ft("showCode")}</div>
          <QRCodeSVG value={purchase.code} size={152} marginSize={2} title={ft("code")} />
          <div className="qm-exchange-digits" data-testid="flash-code">
            {groupCode(purchase.code)}
          </div>
        </div>
      ) : (
        <div className="qm-muted qm-mall-small">
          {status === "confirmed"
            ? ft("confirmedAt", { time: formatDateTime(purchase.confirmedAt, shop.timeZone) })
            : purchase.releaseReason === "cancelled"
              ? ft("releasedCancelled")
              : ft("releasedExpired")}
        </div>
      )}
    </article>
  );
}
