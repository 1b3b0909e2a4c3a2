import { Alert, Form, Input, InputNumber, Modal, Select, Typography } from "antd";
import { useEffect, useState } from "react";
import { type ApiError, api } from "../../../../shared/api";
import type {
  PaymentMethod,
  Store,
  TopupBonusRule,
  TopupInput,
  TopupResult,
} from "../../../../shared/api-types";
import { useT } from "../../../i18n/locale-context";
import { useFormat } from "../../../use-format";
import { formatStep } from "../points/earn-rule-text";
import { fieldErrorsOf } from "../points/field-errors";
import { useSubmissionKey } from "../points/idempotency-key";
import { bonusTierFor, yuanToFen } from "./bonus-tiers";

type Props = {
  customerId: string;
  tiers: TopupBonusRule[];
  stores: Store[];
  open: boolean;
  onClose: () => void;
  onToppedUp: (result: TopupResult) => void;
};

export const paymentMethods: PaymentMethod[] = ["cash", "wechat", "alipay", "card", "other"];
const fields = ["amount", "paymentMethod", "storeId", "reference", "note"] as const;

/** 充值: the amount paid, how, and the bonus the shop's tiers give for it, shown as it is typed. */
export function TopupModal({ customerId, tiers, stores, open, onClose, onToppedUp }: Props) {
  const t = useT();
  const f = useFormat();
  const [amount, setAmount] = useState<number | null>(null);
  const [method, setMethod] = useState<PaymentMethod>("wechat");
  const [storeId, setStoreId] = useState<string | undefined>(undefined);
  const [reference, setReference] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submission = useSubmissionKey();

  useEffect(() => {
    if (!open) return;
    setAmount(null);
    setMethod("wechat");
    setStoreId(undefined);
    setReference("");
    setNote("");
    setError(null);
  }, [open]);

  const fen = yuanToFen(amount);
  const tier = bonusTierFor(tiers, fen);
  const submit = async () => {
    if (fen <= 0) return;
    const body: TopupInput = {
      amount: fen,
      paymentMethod: method,
      ...(storeId ? { storeId } : {}),
      ...(reference.trim() ? { reference: reference.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    setBusy(true);
    try {
      const result = await api.post<TopupResult>(
        `/api/v1/customers/${encodeURIComponent(customerId)}/stored-value/topups`,
        body,
        { headers: { "idempotency-key": submission.keyFor(body) } },
      );
      submission.settle();
      onToppedUp(result);
    } catch (cause) {
      setError(cause as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const problems = error ? fieldErrorsOf(error.details, error.message, fields) : null;
  const status = (name: (typeof fields)[number]) => ({
    validateStatus: problems?.byField[name] ? ("error" as const) : undefined,
    help: problems?.byField[name],
  });
  const change =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setError(null);
    };
  return (
    <Modal
      open={open}
      title={t("wallet.sv.topup.title")}
      onCancel={onClose}
      onOk={submit}
      okText={t("wallet.sv.topup.submit")}
      okButtonProps={{ disabled: fen <= 0, id: "topup-submit" }}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form layout="vertical" component="div">
        <Form.Item label={t("wallet.sv.topup.amount")} required {...status("amount")}>
          <InputNumber
            min={0.01}
            max={10_000_000}
            precision={2}
            prefix="¥"
            style={{ width: "100%" }}
            value={amount}
            onChange={change(setAmount)}
            data-testid="topup-amount"
          />
        </Form.Item>
        <Alert
          type={tier ? "success" : "info"}
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="topup-bonus-preview"
          title={
            tier
              ? t("wallet.sv.topup.bonus", {
                  bonus: f.money(tier.bonusAmount),
                  tier: t("wallet.sv.tiers.text", {
                    min: formatStep(tier.minAmount, f.currency),
                    bonus: formatStep(tier.bonusAmount, f.currency),
                  }),
                  total: f.money(fen + tier.bonusAmount),
                })
              : tiers.some((r) => r.active)
                ? t("wallet.sv.topup.noBonus")
                : t("wallet.sv.topup.noTiers")
          }
        />
        <Form.Item label={t("wallet.sv.topup.method")} required {...status("paymentMethod")}>
          <Select
            value={method}
            onChange={change(setMethod)}
            options={paymentMethods.map((m) => ({ value: m, label: t(`wallet.sv.method.${m}`) }))}
            data-testid="topup-method"
          />
        </Form.Item>
        {stores.length > 0 && (
          <Form.Item label={t("wallet.sv.topup.store")} {...status("storeId")}>
            <Select
              allowClear
              value={storeId}
              placeholder={t("wallet.sv.topup.storeNone")}
              onChange={change(setStoreId)}
              options={stores.map((s) => ({ value: s.id, label: s.name }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t("wallet.sv.topup.reference")} {...status("reference")}>
          <Input value={reference} maxLength={100} onChange={(e) => change(setReference)(e.target.value)} />
        </Form.Item>
        <Form.Item label={t("wallet.sv.note")} {...status("note")}>
          <Input value={note} maxLength={200} onChange={(e) => change(setNote)(e.target.value)} />
        </Form.Item>
        {problems?.general && <Alert type="error" showIcon title={problems.general} />}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("wallet.sv.topup.hint")}
        </Typography.Text>
      </Form>
    </Modal>
  );
}
