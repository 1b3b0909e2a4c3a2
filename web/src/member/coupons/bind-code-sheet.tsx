import { Button, Input, Popup, Toast } from "antd-mobile";
import { useState } from "react";
import type { MemberCoupon } from "../../shared/api-types";
import { couponErrorText } from "./coupon-messages";
import { normaliseTypedCode } from "./coupon-text";
import { useCouponText } from "./use-coupon-text";
import { useCouponsApi } from "./use-coupons";

/** 兑换码: a bottom sheet where the member types a code they were given; it becomes one of their coupons. */
export function BindCodeSheet({
  visible,
  onClose,
  onBound,
}: {
  visible: boolean;
  onClose(): void;
  onBound(coupon: MemberCoupon): void;
}) {
  const { ct, t } = useCouponText();
  const { api, signOutOn401 } = useCouponsApi();
  const [typed, setTyped] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    const code = normaliseTypedCode(typed);
    if (!code) {
      setProblem(ct("bindBadCode"));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      const coupon = await api.bind(code);
      Toast.show({ icon: "success", content: ct("bound") });
      setTyped("");
      onBound(coupon);
    } catch (error) {
      signOutOn401(error);
      setProblem(couponErrorText(error, ct, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Popup visible={visible} onMaskClick={onClose} bodyClassName="qm-bind-sheet" destroyOnClose>
      <h3 className="qm-bind-title">{ct("bindTitle")}</h3>
      <p className="qm-muted">{ct("bindHint")}</p>
      <Input
        className={problem ? "qm-bind-input qm-bind-input-bad" : "qm-bind-input"}
        value={typed}
        onChange={(value) => {
          setTyped(value.toUpperCase());
          setProblem(null);
        }}
        onEnterPress={submit}
        placeholder={ct("bindPlaceholder")}
        maxLength={20}
        autoComplete="off"
        aria-label={ct("bindTitle")}
        aria-invalid={problem ? true : undefined}
        data-testid="bind-code-input"
      />
      {problem ? (
        <div className="qm-bind-problem" role="alert" data-testid="bind-code-problem">
          {problem}
        </div>
      ) : null}
      <Button block color="primary" loading={busy} onClick={submit} data-testid="bind-code-submit">
        {ct("bindSubmit")}
      </Button>
    </Popup>
  );
}
