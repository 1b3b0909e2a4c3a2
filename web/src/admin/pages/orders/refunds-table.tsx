import { Table } from "antd";
import type { Refund } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { useFormat } from "../../use-format";

export type RefundRow = Refund & { orderId?: string; orderExternalId?: string };

export function RefundsTable({ refunds, showOrder = false }: { refunds: RefundRow[]; showOrder?: boolean }) {
  const t = useT();
  const f = useFormat();
  return (
    <Table<RefundRow>
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={refunds}
      scroll={{ x: 560 }}
      columns={[
        ...(showOrder ? [{ title: t("order.externalId"), dataIndex: "orderExternalId" }] : []),
        { title: t("refund.refundedAt"), dataIndex: "refundedAt", render: (v: string) => f.dateTime(v) },
        { title: t("refund.amount"), dataIndex: "amount", align: "right", render: (v: number) => f.money(v) },
        {
          title: t("refund.lines"),
          key: "lines",
          render: (_, r) =>
            r.lines.length === 0
              ? t("refund.amountOnly")
              : r.lines.map((l) => `#${l.lineNo}×${l.quantity}`).join(", "),
        },
        { title: t("refund.reason"), dataIndex: "reason" },
      ]}
    />
  );
}
