import { Alert, Form, Input, InputNumber, Modal } from "antd";
import { useEffect, useState } from "react";
import { type ApiError, api } from "../../../../shared/api";
import type { StoredValueBalance } from "../../../../shared/api-types";
import { useT } from "../../../i18n/locale-context";
import { useFormat } from "../../../use-format";
import { fieldErrorsOf } from "../points/field-errors";
import { useSubmissionKey } from "../points/idempotency-key";
import { yuanToFen } from "./bonus-tiers";

type Props = {
  customerId: string;
  balance: StoredValueBalance | null;
  open: boolean;
  onClose: () => void;
  onPaid: () => void;
};

const fields = ["amount", "reference", "note"] as const;

/** 消费: pay at the counter from the member's stored value; a short balance is refused and nothing is taken. */
export function PayModal({ customerId, balance, open, onClose, onPaid }: Props) {
  const t = useT();
  const f = useFormat();
  const [amount, setAmount] = useState<number | null>(null);
  const [reference, setReference] = useState("");
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submission = useSubmissionKey();

  useEffect(() => {
    if (!open) return;
    setAmount(null);
    setReference("");
    setNote("");
    setError(null);
  }, [open]);

  const fen = yuanToFen(amount);
  const submit = async () => {
    if (fen <= 0) return;
    const body = {
      amount: fen,
      ...(reference.trim() ? { reference: reference.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    setBusy(true);
    try {
      await api.post(`/api/v1/customers/${encodeURIComponent(customerId)}/stored-value/pay`, body, {
        headers: { "idempotency-key": submission.keyFor(body) },
      });
      submission.settle();
      onPaid();
    } catch (cause) {
      setError(cause as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const problems = error ? fieldErrorsOf(error.details, error.message, fields) : null;
  const short = error?.code === "insufficient_balance";
  const amountError = short
    ? t("wallet.sv.pay.insufficient", { available: f.money(balance?.available ?? 0) })
    : problems?.byField.amount;
  return (
    <Modal
      open={open}
      title={t("wallet.sv.pay.title")}
      onCancel={onClose}
      onOk={submit}
      okText={t("wallet.sv.pay.submit")}
      okButtonProps={{ disabled: fen <= 0, id: "pay-submit" }}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form layout="vertical" component="div">
        <Form.Item
          label={t("wallet.sv.pay.amount")}
          required
          validateStatus={amountError ? "error" : undefined}
          help={amountError}
          extra={
            balance ? t("wallet.sv.pay.available", { available: f.money(balance.available) }) : undefined
          }
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
            data-testid="pay-amount"
          />
        </Form.Item>
        <Form.Item
          label={t("wallet.sv.pay.reference")}
          validateStatus={problems?.byField.reference ? "error" : undefined}
          help={problems?.byField.reference}
        >
          <Input value={reference} maxLength={100} onChange={(e) => setReference(e.target.value)} />
        </Form.Item>
        <Form.Item
          label={t("wallet.sv.note")}
          validateStatus={problems?.byField.note ? "error" : undefined}
          help={problems?.byField.note}
        >
          <Input value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
        </Form.Item>
        {!short && problems?.general && <Alert type="error" showIcon title={problems.general} />}
      </Form>
    </Modal>
  );
}
