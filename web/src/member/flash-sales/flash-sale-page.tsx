import { Button, Dialog, ErrorBlock, NavBar, ProgressBar, SpinLoading, Stepper, Toast } from "antd-mobile";
import { useCallback, useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import { formatMoney } from "../../shared/money";
import { LanguageToggle } from "../language-toggle";
import { useMemberSession } from "../member-session";
import { type MemberFlashSale, maxQuantity } from "./flash-api";
import { flashErrorText, useFlashText } from "./flash-messages";
import { blockedLabel, SaleImage } from "./flash-sales-page";
import { liveBlockedReason, SaleCountdown } from "./sale-countdown";
import { newRequestId, useFlashApi, usePolled, useServerNow } from "./use-flash";
import "./flash.css";

type Confirming = { quantity: number; requestId: string } | null;

/** One sale: countdown, live stock, my limit and the buy button. */
export function FlashSalePage() {
  const { saleId = "" } = useParams();
  const { ft, t } = useFlashText();
  const navigate = useNavigate();
  const { api } = useFlashApi();
  const load = useCallback(() => api.sale(saleId), [api, saleId]);
  const sale = usePolled(load, 3000);
  const now = useServerNow(sale.offsetMs);

  return (
    <div className="qm-page">
      <NavBar
        className="qm-navbar"
        onBack={() => navigate("/flash-sales")}
        backIcon={ft("back")}
        right={<LanguageToggle />}
      >
        {ft("flashSales")}
      </NavBar>
      {sale.loading && !sale.data ? (
        <div className="qm-center qm-mall-loading">
          <SpinLoading color="primary" />
        </div>
      ) : sale.data ? (
        <SaleDetail sale={sale.data} now={now} onChanged={sale.reload} />
      ) : (
        <ErrorBlock status="default" title={ft("loadFailed")} description={flashErrorText(sale.error, ft, t)}>
          <Button color="primary" onClick={() => navigate("/flash-sales")}>
            {ft("goToSales")}
          </Button>
        </ErrorBlock>
      )}
    </div>
  );
}

function SaleDetail({ sale, now, onChanged }: { sale: MemberFlashSale; now: number; onChanged(): void }) {
  const { shop } = useMemberSession();
  const { ft, t } = useFlashText();
  const navigate = useNavigate();
  const { api, signOutOn401 } = useFlashApi();
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const blocked = liveBlockedReason(sale, now);
  const most = maxQuantity(sale);
  const money = (fen: number) => formatMoney(fen, shop.currency);

  async function buy() {
    if (!confirming) return;
    setBusy(true);
    setProblem(null);
    try {
      const made = await api.buy(sale.id, confirming.quantity, confirming.requestId);
      setConfirming(null);
      Toast.show({ icon: "success", content: ft("bought") });
      navigate("/flash-sales/purchases", { state: { highlight: made.id } });
    } catch (failure) {
      signOutOn401(failure);
      setConfirming(null);
      setProblem(flashErrorText(failure, ft, t));
      onChanged();
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <SaleImage url={sale.imageUrl} name={sale.itemName} large />
      <section className="qm-card">
        <div className="qm-flash-banner">
          <span className="qm-flash-price qm-flash-price-large">{money(sale.price)}</span>
          <span className="qm-flash-original">{money(sale.originalPrice)}</span>
        </div>
        <h2 className="qm-mall-title" data-testid="flash-sale-name">
          {sale.name}
        </h2>
        <div className="qm-muted">{sale.itemName}</div>
        <div className="qm-flash-countdown-row">
          <SaleCountdown sale={sale} now={now} large />
        </div>
        <ProgressBar percent={sale.stock > 0 ? ((sale.stock - sale.left) / sale.stock) * 100 : 100} />
        <ul className="qm-mall-facts">
          <li data-testid="flash-left">{ft("leftOf", { left: sale.left, stock: sale.stock })}</li>
          {sale.perMemberLimit !== null && (
            <li>{ft("limit", { limit: sale.perMemberLimit, remaining: sale.myRemaining ?? 0 })}</li>
          )}
          <li>{ft("paymentRule", { minutes: sale.paymentMinutes })}</li>
        </ul>
      </section>
      {problem && (
        <div className="qm-error" role="alert" data-testid="flash-problem">
          {problem}
        </div>
      )}
      <div className="qm-mall-action">
        <Button
          block
          color="primary"
          size="large"
          disabled={blocked !== null || most < 1}
          onClick={() => {
            setProblem(null);
            setConfirming({ quantity: 1, requestId: newRequestId() });
          }}
          data-testid="flash-buy"
        >
          {blocked ? ft(blockedLabel[blocked]) : ft("buy")}
        </Button>
      </div>
      <Dialog
        visible={confirming !== null}
        title={ft("confirmTitle")}
        content={
          confirming && (
            <div className="qm-mall-confirm">
              {most > 1 && (
                <div className="qm-mall-confirm-row">
                  <span>{ft("quantity")}</span>
                  <Stepper
                    min={1}
                    max={most}
                    value={confirming.quantity}
                    onChange={(quantity) => setConfirming({ ...confirming, quantity })}
                  />
                </div>
              )}
              <p>
                {ft("confirmBody", {
                  item: sale.itemName,
                  quantity: confirming.quantity,
                  amount: money(sale.price * confirming.quantity),
                })}
              </p>
              <p className="qm-muted">{ft("paymentRule", { minutes: sale.paymentMinutes })}</p>
            </div>
          )
        }
        onClose={() => !busy && setConfirming(null)}
        actions={[
          [
            { key: "cancel", text: ft("cancel"), disabled: busy, onClick: () => setConfirming(null) },
            { key: "confirm", text: ft("confirm"), bold: true, disabled: busy, onClick: buy },
          ],
        ]}
      />
    </>
  );
}
