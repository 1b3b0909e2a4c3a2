import { Alert, Form, Input, InputNumber, Modal, Radio } from "antd";
import { useEffect, useState } from "react";
import { type ApiError, api } from "../../../../shared/api";
import type { LedgerResult, WalletBalance } from "../../../../shared/api-types";
import { useT } from "../../../i18n/locale-context";
import { fieldErrorsOf } from "./field-errors";
import { useSubmissionKey } from "./idempotency-key";

type Props = {
  customerId: string;
  balance: WalletBalance | null;
  open: boolean;
  onClose: () => void;
  onAdjusted: (result: LedgerResult) => void;
};

const fields = ["points", "note"] as const;

/** 调整积分: add or take points with a required note; audited on the server, applied once per submission. */
export function PointsAdjustModal({ customerId, balance, open, onClose, onAdjusted }: Props) {
  const t = useT();
  const [direction, setDirection] = useState<"add" | "take">("add");
  const [points, setPoints] = useState<number | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [noteMissing, setNoteMissing] = useState(false);
  const submission = useSubmissionKey();

  useEffect(() => {
    if (!open) return;
    setDirection("add");
    setPoints(null);
    setNote("");
    setError(null);
    setNoteMissing(false);
  }, [open]);

  const submit = async () => {
    if (!note.trim()) {
      setNoteMissing(true);
      return;
    }
    if (!points) return;
    const body = { points: direction === "add" ? points : -points, note: note.trim() };
    setBusy(true);
    try {
      const result = await api.post<LedgerResult>(
        `/api/v1/customers/${encodeURIComponent(customerId)}/points/adjust`,
        body,
        { headers: { "idempotency-key": submission.keyFor(body) } },
      );
      submission.settle();
      onAdjusted(result);
    } catch (cause) {
      setError(cause as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const problems = error ? fieldErrorsOf(error.details, error.message, fields) : null;
  const pointsError =
    error?.code === "insufficient_balance"
      ? t("wallet.adjust.insufficient", { available: balance?.available ?? 0 })
      : problems?.byField.points;
  const noteError = noteMissing ? t("wallet.adjust.noteRequired") : problems?.byField.note;
  const general = error?.code === "insufficient_balance" ? null : problems?.general;
  return (
    <Modal
      open={open}
      title={t("wallet.adjust.title")}
      onCancel={onClose}
      onOk={submit}
      okText={t("wallet.adjust.submit")}
      okButtonProps={{ disabled: !points, id: "points-adjust-submit" }}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form layout="vertical" component="div">
        <Form.Item>
          <Radio.Group
            value={direction}
            onChange={(e) => {
              setDirection(e.target.value);
              setError(null);
            }}
          >
            <Radio.Button value="add" data-testid="points-adjust-add">
              {t("wallet.adjust.add")}
            </Radio.Button>
            <Radio.Button value="take" data-testid="points-adjust-take">
              {t("wallet.adjust.take")}
            </Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          label={t("wallet.adjust.points")}
          required
          validateStatus={pointsError ? "error" : undefined}
          help={pointsError}
          extra={balance ? t("wallet.adjust.available", { available: balance.available }) : undefined}
        >
          <InputNumber
            min={1}
            max={100_000_000}
            precision={0}
            style={{ width: "100%" }}
            value={points}
            onChange={(v) => {
              setPoints(v);
              setError(null);
            }}
            data-testid="points-adjust-points"
          />
        </Form.Item>
        <Form.Item
          label={t("wallet.adjust.note")}
          required
          validateStatus={noteError ? "error" : undefined}
          help={noteError}
        >
          <Input.TextArea
            value={note}
            maxLength={200}
            rows={2}
            placeholder={t("wallet.adjust.notePlaceholder")}
            onChange={(e) => {
              setNote(e.target.value);
              setNoteMissing(false);
              setError(null);
            }}
            data-testid="points-adjust-note"
          />
        </Form.Item>
        {general && <Alert type="error" showIcon title={general} />}
      </Form>
    </Modal>
  );
}
