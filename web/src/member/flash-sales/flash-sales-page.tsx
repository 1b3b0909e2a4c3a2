import { Button, ErrorBlock, NavBar, ProgressBar, SpinLoading } from "antd-mobile";
import { Link, useNavigate } from "react-router-dom";
import { formatMoney } from "../../shared/money";
import { LanguageToggle } from "../language-toggle";
import { useMemberSession } from "../member-session";
import type { MemberFlashSale } from "./flash-api";
import { flashErrorText, useFlashText } from "./flash-messages";
import { liveBlockedReason, SaleCountdown } from "./sale-countdown";
import { useFlashApi, usePolled, useServerNow } from "./use-flash";
import "./flash.css";

/** Blocked reasons as the button and tile say them. */
export const blockedLabel = {
  sold_out: "soldOut",
  not_started: "notStarted",
  ended: "ended",
  limit_reached: "limitReached",
  paused: "paused",
  not_in_audience: "notInAudience",
} as const;

/** 限时抢购: upcoming and running sales with their countdowns and live stock. */
export function FlashSalesPage() {
  const { ft, t } = useFlashText();
  const navigate = useNavigate();
  const { api } = useFlashApi();
  const sales = usePolled(api.sales, 5000);
  const now = useServerNow(sales.offsetMs);

  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/")}
        backIcon={ft("back")}
        right={<LanguageToggle />}
      >
        {ft("flashSales")}
      </NavBar>
      <div className="qm-flash-toolbar">
        <Link to="/flash-sales/purchases" className="qm-mall-link">
          {ft("myPurchases")} ›
        </Link>
      </div>
      {sales.loading && !sales.data ? (
        <div className="qm-center qm-mall-loading">
          <SpinLoading color="primary" />
        </div>
      ) : sales.error ? (
        <ErrorBlock
          status="default"
          title={ft("loadFailed")}
          description={flashErrorText(sales.error, ft, t)}
        >
          <Button color="primary" onClick={sales.reload}>
            {ft("retry")}
          </Button>
        </ErrorBlock>
      ) : sales.data && sales.data.data.length === 0 ? (
        <ErrorBlock status="empty" title={ft("noSales")} description={ft("noSalesHint")} />
      ) : (
        <ul className="qm-flash-list">
          {sales.data?.data.map((sale) => (
            <li key={sale.id}>
              <SaleTile sale={sale} now={now} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function SaleTile({ sale, now }: { sale: MemberFlashSale; now: number }) {
  const { shop } = useMemberSession();
  const { ft } = useFlashText();
  const blocked = liveBlockedReason(sale, now);
  return (
    <Link to={`/flash-sales/${sale.id}`} className="qm-flash-tile" data-testid="flash-sale">
      <SaleImage url={sale.imageUrl} name={sale.itemName} />
      <div className="qm-flash-tile-body">
        <div className="qm-mall-tile-name">{sale.name}</div>
        <div className="qm-muted qm-mall-small">{sale.itemName}</div>
        <div>
          <span className="qm-flash-price">{formatMoney(sale.price, shop.currency)}</span>
          <span className="qm-flash-original">{formatMoney(sale.originalPrice, shop.currency)}</span>
        </div>
        <SaleCountdown sale={sale} now={now} />
        <ProgressBar percent={sale.stock > 0 ? ((sale.stock - sale.left) / sale.stock) * 100 : 100} />
        <div className={blocked ? "qm-mall-blocked" : "qm-muted qm-mall-small"}>
          {blocked ? ft(blockedLabel[blocked]) : ft("left", { left: sale.left })}
        </div>
      </div>
    </Link>
  );
}

/** The item's picture, or its first character on a tinted square when it has none. */
export function SaleImage({ url, name, large }: { url: string | null; name: string; large?: boolean }) {
  const className = large ? "qm-flash-image qm-flash-image-large" : "qm-flash-image";
  if (url) return <img className={className} src={url} alt={name} loading="lazy" />;
  return (
    <div className={`${className} qm-flash-image-empty`} aria-hidden="true">
      {Array.from(name)[0] ?? "⚡"}
    </div>
  );
}
