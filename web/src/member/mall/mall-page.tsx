import { Button, ErrorBlock, NavBar, SpinLoading } from "antd-mobile";
import { Link, useNavigate } from "react-router-dom";
import { formatDateTime } from "../../shared/time";
import { LanguageToggle } from "../language-toggle";
import { useMemberSession } from "../member-session";
import { blockedReason } from "./availability";
import { ItemPrice } from "./item-price";
import type { MemberMallItem } from "./mall-api";
import { mallErrorText, useMallText } from "./mall-messages";
import { useMemberMall } from "./use-mall";
import "./mall.css";

/** 积分商城: my points on top, then every item on offer with what stops me exchanging it. */
export function MallPage() {
  const { mt, t } = useMallText();
  const navigate = useNavigate();
  const { mall, error, loading, reload } = useMemberMall();

  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/")}
        backIcon={mt("back")}
        right={<LanguageToggle />}
      >
        {mt("mall")}
      </NavBar>
      {loading && !mall ? (
        <div className="qm-center qm-mall-loading">
          <SpinLoading color="primary" />
        </div>
      ) : error ? (
        <ErrorBlock status="default" title={mt("loadFailed")} description={mallErrorText(error, mt, t)}>
          <Button color="primary" onClick={reload}>
            {mt("retry")}
          </Button>
        </ErrorBlock>
      ) : mall ? (
        <>
          <section className="qm-card qm-mall-balance" aria-label={mt("myPoints")}>
            <div>
              <div className="qm-muted">{mt("myPoints")}</div>
              <div className="qm-mall-balance-value" data-testid="mall-balance">
                {mall.balance.available}
              </div>
              {mall.balance.pending > 0 && (
                <div className="qm-muted">{mt("pendingPoints", { points: mall.balance.pending })}</div>
              )}
            </div>
            <Link to="/mall/exchanges" className="qm-mall-link">
              {mt("myExchanges")} ›
            </Link>
          </section>
          {mall.items.length === 0 ? (
            <ErrorBlock status="empty" title={mt("noItems")} description={mt("noItemsHint")} />
          ) : (
            <ul className="qm-mall-grid">
              {mall.items.map((item) => (
                <li key={item.id}>
                  <MallItemTile item={item} points={mall.balance.available} />
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </div>
  );
}

function MallItemTile({ item, points }: { item: MemberMallItem; points: number }) {
  const { shop } = useMemberSession();
  const { mt } = useMallText();
  const blocked = blockedReason(item, points);
  return (
    <Link to={`/mall/${item.id}`} className="qm-mall-tile" data-testid="mall-item">
      <ItemImage url={item.imageUrl} name={item.name} />
      <div className="qm-mall-tile-body">
        <div className="qm-mall-tile-name">{item.name}</div>
        <ItemPrice points={item.pointsPrice} cash={item.cashPrice} />
        <div className={blocked ? "qm-mall-blocked" : "qm-muted qm-mall-small"}>
          {blocked
            ? mt(blocked, { time: item.validFrom ? formatDateTime(item.validFrom, shop.timeZone) : "" })
            : item.stock !== null
              ? mt("stockLeft", { stock: item.stock })
              : " "}
        </div>
      </div>
    </Link>
  );
}

/** The item's picture, or its first character on a tinted square when it has none. */
export function ItemImage({ url, name, large }: { url: string | null; name: string; large?: boolean }) {
  const className = large ? "qm-mall-image qm-mall-image-large" : "qm-mall-image";
  if (url) return <img className={className} src={url} alt={name} loading="lazy" />;
  return (
    <div className={`${className} qm-mall-image-empty`} aria-hidden="true">
      {Array.from(name)[0] ?? "🎁"}
    </div>
  );
}
