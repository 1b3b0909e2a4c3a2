import { Form, Input, Modal, Typography } from "antd";
import { useState } from "react";
import { api } from "../../../../shared/api";
import type { StaffMallExchange } from "../../../../shared/api-types";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";

/** Cancels an exchange awaiting pickup; the member's points and the stock go back. */
export function CancelExchangeModal({
  exchange,
  onClose,
  onCancelled,
}: {
  exchange: StaffMallExchange;
  onClose: () => void;
  onCancelled: (exchange: StaffMallExchange) => void;
}) {
  const t = useT();
  const notifyError = useNotifyError();
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);

  async function cancel() {
    setBusy(true);
    try {
      const body = reason.trim() ? { reason: reason.trim() } : {};
      onCancelled(await api.post<StaffMallExchange>(`/api/v1/mall/exchanges/${exchange.id}/cancel`, body));
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      title={t("mall.cancel.title")}
      onCancel={onClose}
      onOk={cancel}
      okText={t("mall.cancel.confirm")}
      okButtonProps={{ danger: true }}
      confirmLoading={busy}
    >
      <Typography.Paragraph>
        {t("mall.cancel.explain", { item: exchange.itemName, points: exchange.points })}
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t("mall.cancel.reason")}>
          <Input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
