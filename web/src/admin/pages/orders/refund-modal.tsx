import { Alert, Form, Input, InputNumber, Modal, Radio, Table } from "antd";
import { useState } from "react";
import { api } from "../../../shared/api";
import type { Order, OrderItem, RefundInput } from "../../../shared/api-types";
import { useNotifyError } from "../../components/use-notify";
import { useT } from "../../i18n/locale-context";
import { useFormat } from "../../use-format";

type Props = { order: Order; open: boolean; onClose: () => void; onRefunded: (order: Order) => void };

const refundable = (item: OrderItem) => item.quantity - item.refundedQuantity;

/** Refund chosen quantities of chosen lines, or whatever remains of the whole order. */
export function RefundModal({ order, open, onClose, onRefunded }: Props) {
  const t = useT();
  const f = useFormat();
  const notifyError = useNotifyError();
  const [mode, setMode] = useState<"whole" | "lines">("whole");
  const [quantities, setQuantities] = useState<Record<number, number>>({});
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);

  const lines = Object.entries(quantities)
    .filter(([, quantity]) => quantity > 0)
    .map(([lineNo, quantity]) => ({ lineNo: Number(lineNo), quantity }));
  const remaining = order.total - order.refundedAmount;

  async function submit() {
    const body: RefundInput = {
      reason: reason.trim() || undefined,
      lines: mode === "lines" ? lines : undefined,
    };
    setBusy(true);
    try {
      const updated = await api.post<Order>(`/api/v1/orders/${order.id}/refunds`, body);
      setQuantities({});
      setReason("");
      onRefunded(updated);
    } catch (cause) {
      notifyError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t("refund.title", { order: order.externalId })}
      onCancel={onClose}
      onOk={submit}
      okText={t("refund.submit")}
      okButtonProps={{ danger: true, disabled: mode === "lines" && lines.length === 0 }}
      confirmLoading={busy}
      width={720}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)}>
            <Radio.Button value="whole">{t("refund.whole")}</Radio.Button>
            <Radio.Button value="lines">{t("refund.byLine")}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        {mode === "whole" ? (
          <Alert type="warning" showIcon title={t("refund.wholeHint", { amount: f.money(remaining) })} />
        ) : (
          <Table<OrderItem>
            size="small"
            rowKey="lineNo"
            pagination={false}
            dataSource={order.items}
            scroll={{ x: "max-content" }}
            columns={[
              { title: "#", dataIndex: "lineNo", width: 40 },
              { title: t("order.itemName"), dataIndex: "name" },
              {
                title: t("order.lineTotal"),
                dataIndex: "total",
                align: "right",
                responsive: ["sm"],
                render: (v: number) => f.money(v),
              },
              {
                title: t("refund.refundable"),
                key: "left",
                align: "right",
                render: (_, item) => refundable(item),
              },
              {
                title: t("refund.quantity"),
                key: "qty",
                render: (_, item) => (
                  <InputNumber
                    min={0}
                    max={refundable(item)}
                    disabled={refundable(item) <= 0}
                    value={quantities[item.lineNo] ?? 0}
                    onChange={(value) => setQuantities((q) => ({ ...q, [item.lineNo]: value ?? 0 }))}
                    style={{ width: 88 }}
                  />
                ),
              },
            ]}
          />
        )}
        <Form.Item label={t("refund.reason")} style={{ marginTop: 16 }}>
          <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
