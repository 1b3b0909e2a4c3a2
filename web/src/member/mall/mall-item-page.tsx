import { Button, Dialog, ErrorBlock, NavBar, SpinLoading, Stepper, Toast } from "antd-mobile";
import { useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { formatMoney } from "../../shared/money";
import { formatDateTime } from "../../shared/time";
import { LanguageToggle } from "../language-toggle";
import { useMemberSession } from "../member-session";
import { blockedReason } from "./availability";
import { ItemPrice } from "./item-price";
import { type MemberMallItem, maxQuantity } from "./mall-api";
import { mallErrorText, useMallText } from "./mall-messages";
import { ItemImage } from "./mall-page";
import { newRequestId, useMallApi, useMemberMall } from "./use-mall";
import "./mall.css";

type Confirming = { quantity: number; requestId: string } | null;

/** One item: what it is, what it costs, and the exchange confirmation. */
export function MallItemPage() {
  const { itemId } = useParams();
  const { mt, t } = useMallText();
  const navigate = useNavigate();
  const { mall, error, loading, reload } = useMemberMall();
  const item = mall?.items.find((i) => i.id === itemId) ?? null;

  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/mall")}
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
      ) : item && mall ? (
        <ItemDetail item={item} points={mall.balance.available} />
      ) : (
        <ErrorBlock status="empty" title={mt("itemNotFound")}>
          <Button color="primary" onClick={() => navigate("/mall")}>
            {mt("goToMall")}
          </Button>
        </ErrorBlock>
      )}
    </div>
  );
}

function ItemDetail({ item, points }: { item: MemberMallItem; points: number }) {
  const { shop } = useMemberSession();
  const { mt, t } = useMallText();
  const navigate = useNavigate();
  const { api, signOutOn401 } = useMallApi();
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const blocked = blockedReason(item, points);
  const most = maxQuantity(item, points);

  async function exchange() {
    if (!confirming) return;
    setBusy(true);
    setProblem(null);
    try {
      const made = await api.exchange(item.id, confirming.quantity, confirming.requestId);
      setConfirming(null);
      Toast.show({ icon: "success", content: mt("exchanged") });
      navigate("/mall/exchanges", { state: { highlight: made.id } });
    } catch (failure) {
      signOutOn401(failure);
      setConfirming(null);
      setProblem(mallErrorText(failure, mt, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <ItemImage url={item.imageUrl} name={item.name} large />
      <section className="qm-card">
        <h2 className="qm-mall-title" data-testid="mall-item-name">
          {item.name}
        </h2>
        <ItemPrice
          points={item.pointsPrice}
          cash={item.cashPrice}
          className="qm-mall-price qm-mall-price-large"
        />
        {item.description && <p className="qm-mall-description">{item.description}</p>}
        <ul className="qm-mall-facts">
          {item.stock !== null && <li>{mt("stockLeft", { stock: item.stock })}</li>}
          {item.perMemberLimit !== null && (
            <li>{mt("limitLeft", { limit: item.perMemberLimit, left: item.myRemaining ?? 0 })}</li>
          )}
          {item.cashPrice > 0 && (
            <li>{mt("cashAtPickup", { cash: formatMoney(item.cashPrice, shop.currency) })}</li>
          )}
          <li>{mt("pickupRule", { days: item.pickupDays })}</li>
        </ul>
      </section>
      {problem && (
        <div className="qm-error" role="alert" data-testid="mall-problem">
          {problem}
        </div>
      )}
      <div className="qm-mall-action">
        <div className="qm-muted">
          {mt("myPoints")} {points}
        </div>
        <Button
          block
          color="primary"
          size="large"
          disabled={blocked !== null || most < 1}
          onClick={() => {
            setProblem(null);
            setConfirming({ quantity: 1, requestId: newRequestId() });
          }}
          data-testid="mall-exchange"
        >
          {blocked
            ? mt(blocked, { time: item.validFrom ? formatDateTime(item.validFrom, shop.timeZone) : "" })
            : mt("exchange")}
        </Button>
      </div>
      <Dialog
        visible={confirming !== null}
        title={mt("confirmTitle")}
        content={
          confirming && (
            <div className="qm-mall-confirm">
              {most > 1 && (
                <div className="qm-mall-confirm-row">
                  <span>{mt("quantity")}</span>
                  <Stepper
                    min={1}
                    max={most}
                    value={confirming.quantity}
                    onChange={(quantity) => setConfirming({ ...confirming, quantity })}
                  />
                </div>
              )}
              <p>
                {mt("confirmBody", {
                  points: item.pointsPrice * confirming.quantity,
                  item: item.name,
                  quantity: confirming.quantity,
                })}
              </p>
              {item.cashPrice > 0 && (
                <p className="qm-muted">
                  {mt("cashAtPickup", {
                    cash: formatMoney(item.cashPrice * confirming.quantity, shop.currency),
                  })}
                </p>
              )}
            </div>
          )
        }
        onClose={() => !busy && setConfirming(null)}
        actions={[
          [
            { key: "cancel", text: mt("cancel"), disabled: busy, onClick: () => setConfirming(null) },
            { key: "confirm", text: mt("confirm"), bold: true, disabled: busy, onClick: exchange },
          ],
        ]}
      />
    </>
  );
}
