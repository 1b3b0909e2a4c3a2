import { Alert, Form, Input, InputNumber, Modal } from "antd";
import { useEffect, useState } from "react";
import { type ApiError, api } from "../../../../shared/api";
import type { LedgerEntry, LedgerResult } from "../../../../shared/api-types";
import { useT } from "../../../i18n/locale-context";
import { useFormat } from "../../../use-format";
import { fieldErrorsOf } from "../points/field-errors";
import { useSubmissionKey } from "../points/idempotency-key";
import { yuanToFen } from "./bonus-tiers";

type Props = {
  /** The checkout payment being refunded, or null when the dialog is closed. */
  payment: LedgerEntry | null;
  onClose: () => void;
  onRefunded: (result: LedgerResult) => void;
};

const fields = ["amount", "note"] as const;

/** A purchase paid from stored value, refunded in full or in part back into the lots it drew from. */
export function PaymentRefundModal({ payment, onClose, onRefunded }: Props) {
  const t = useT();
  const f = useFormat();
  const [amount, setAmount] = useState<number | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submission = useSubmissionKey();

  // biome-ignore lint/correctness/useExhaustiveDependencies: another payment starts a fresh form
  useEffect(() => {
    setAmount(null);
    setNote("");
    setError(null);
  }, [payment]);

  const submit = async () => {
    if (!payment) return;
    const body = {
      ...(amount ? { amount: yuanToFen(amount) } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    setBusy(true);
    try {
      const result = await api.post<LedgerResult>(
        `/api/v1/stored-value/payments/${encodeURIComponent(payment.id)}/refund`,
        body,
        { headers: { "idempotency-key": submission.keyFor({ payment: payment.id, ...body }) } },
      );
      submission.settle();
      onRefunded(result);
    } catch (cause) {
      setError(cause as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const problems = error ? fieldErrorsOf(error.details, error.message, fields) : null;
  const outstanding = (error?.details as { outstanding?: unknown } | undefined)?.outstanding;
  const amountError =
    typeof outstanding === "number"
      ? t("wallet.sv.paymentRefund.atMost", { amount: f.money(outstanding) })
      : problems?.byField.amount;
  return (
    <Modal
      open={payment !== null}
      title={t("wallet.sv.paymentRefund.title", { amount: f.money(-(payment?.amount ?? 0)) })}
      onCancel={onClose}
      onOk={submit}
      okText={t("wallet.sv.refund")}
      okButtonProps={{ danger: true, id: "payment-refund-submit" }}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form layout="vertical" component="div">
        <Form.Item
          label={t("wallet.sv.paymentRefund.amount")}
          extra={t("wallet.sv.paymentRefund.amountHint")}
          validateStatus={amountError ? "error" : undefined}
          help={amountError}
        >
          <InputNumber
            min={0.01}
            max={10_000_000}
            precision={2}
            prefix="¥"
            style={{ width: "100%" }}
            value={amount}
            onChange={(v) => {
              setAmount(v);
              setError(null);
            }}
            data-testid="payment-refund-amount"
          />
        </Form.Item>
        <Form.Item
          label={t("wallet.sv.note")}
          validateStatus={problems?.byField.note ? "error" : undefined}
          help={problems?.byField.note}
        >
          <Input value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
        {!amountError && problems?.general && <Alert type="error" showIcon title={problems.general} />}
      </Form>
    </Modal>
  );
}
