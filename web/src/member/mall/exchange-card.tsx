import { Button, Dialog, Tag, Toast } from "antd-mobile";
import { QRCodeSVG } from "qrcode.react";
import { useState } from "react";
import type { ExchangeStatus, MallExchange } from "../../shared/api-types";
import { formatDateTime } from "../../shared/time";
import { useMemberSession } from "../member-session";
import { ItemPrice } from "./item-price";
import { type MallMessageKey, mallErrorText, useMallText } from "./mall-messages";
import { useMallApi } from "./use-mall";

const statusLabel: Record<ExchangeStatus, MallMessageKey> = {
  awaiting_pickup: "statusAwaiting",
  verified: "statusVerified",
  cancelled: "statusCancelled",
  expired: "statusExpired",
};

const statusColor: Record<ExchangeStatus, string> = {
  awaiting_pickup: "warning",
  verified: "success",
  cancelled: "default",
  expired: "default",
};

/** "123456789012" → "1234 5678 9012", easier to read out at a counter. */
export const groupCode = (code: string) => code.replace(/(\d{4})(?=\d)/g, "$1 ");

/** One exchange; while it awaits pickup, its code as a QR and as digits, and a way to cancel. */
export function ExchangeCard({
  exchange,
  highlight,
  onChange,
}: {
  exchange: MallExchange;
  highlight: boolean;
  onChange(exchange: MallExchange): void;
}) {
  const { shop } = useMemberSession();
  const { mt, t } = useMallText();
  const { api, signOutOn401 } = useMallApi();
  const [busy, setBusy] = useState(false);
  const time = (iso: string | null) => formatDateTime(iso, shop.timeZone);
  const awaiting = exchange.status === "awaiting_pickup";

  async function cancel() {
    const confirmed = await Dialog.confirm({
      content: mt("cancelConfirm"),
      confirmText: mt("cancelExchange"),
      cancelText: mt("cancel"),
    });
    if (!confirmed) return;
    setBusy(true);
    try {
      onChange(await api.cancel(exchange.id));
      Toast.show({ icon: "success", content: mt("cancelled") });
    } catch (failure) {
      signOutOn401(failure);
      Toast.show({ icon: "fail", content: mallErrorText(failure, mt, t) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <article
      className={`qm-card qm-exchange${highlight ? " qm-exchange-new" : ""}`}
      data-testid="exchange-card"
      data-status={exchange.status}
    >
      <div className="qm-exchange-head">
        <span className="qm-mall-tile-name">
          {exchange.itemName} × {exchange.quantity}
        </span>
        <Tag color={statusColor[exchange.status]} fill="outline">
          {mt(statusLabel[exchange.status])}
        </Tag>
      </div>
      <ItemPrice points={exchange.points} cash={exchange.cashDue} className="qm-muted qm-mall-small" />
      {awaiting ? (
        <div className="qm-exchange-code">
          <div className="qm-muted">{mt("showCode")}</div>
          <QRCodeSVG
            value={exchange.code}
            size={168}
            marginSize={2}
            title={mt("code")}
            data-testid="exchange-qr"
          />
          <div className="qm-exchange-digits" data-testid="exchange-code">
            {groupCode(exchange.code)}
          </div>
          <div className="qm-muted">
            {mt("pickupBy", { time: time(new Date(Date.parse(exchange.expiresAt) - 60_000).toISOString()) })}
          </div>
          <Button size="small" fill="none" className="qm-exchange-cancel" loading={busy} onClick={cancel}>
            {mt("cancelExchange")}
          </Button>
        </div>
      ) : (
        <div className="qm-muted qm-mall-small">
          {exchange.status === "verified"
            ? mt("verifiedAt", { time: time(exchange.verifiedAt) })
            : exchange.status === "expired"
              ? mt("expiredAt", { time: time(exchange.cancelledAt) })
              : mt("cancelledAt", { time: time(exchange.cancelledAt) })}
        </div>
      )}
    </article>
  );
}
