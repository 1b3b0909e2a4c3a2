import { DeleteOutlined, EditOutlined, PlusOutlined, ThunderboltOutlined } from "@ant-design/icons";
import { App, Button, Empty, Image, Popconfirm, Progress, Space, Table, Typography } from "antd";
import { useEffect, useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../../../../shared/api";
import type { FlashSale, FlashSaleList } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { PageHeader } from "../../../components/page-header";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { takenPercent } from "./flash-sale-form";
import { FlashSaleModal } from "./flash-sale-modal";
import { SalePhaseTag } from "./sale-phase-tag";

/** How often the list refreshes its live stock while open. */
const pollMs = 5000;

type Editing = { sale: FlashSale | null } | null;

/** 限时抢购: every sale with its window and live stock (sold, held for payment, left). */
export function FlashSalesPage() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const manage = can("promotions:manage");
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const sales = useGet<FlashSaleList>("/api/v1/flash-sales");
  const [editing, setEditing] = useState<Editing>(null);
  const { reload } = sales;

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") reload();
    }, pollMs);
    return () => clearInterval(timer);
  }, [reload]);

  async function remove(sale: FlashSale) {
    try {
      await api.delete(`/api/v1/flash-sales/${sale.id}`);
      message.success(t("common.deleted"));
      reload();
    } catch (cause) {
      notifyError(cause);
    }
  }

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ sale: null })}>
      {t("flash.create")}
    </Button>
  );

  return (
    <>
      <PageHeader
        title={t("flash.title")}
        extra={
          <>
            <Link to="/promotions/flash-sales/purchases">
              <Button>{t("flash.purchasesTitle")}</Button>
            </Link>
            {manage && createButton}
          </>
        }
      />
      <Typography.Paragraph type="secondary">{t("flash.liveHint")}</Typography.Paragraph>
      <ErrorAlert error={sales.error} onRetry={reload} />
      <Table<FlashSale>
        rowKey="id"
        loading={sales.loading && !sales.data}
        dataSource={sales.data?.data ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{
          emptyText: (
            <Empty
              image={<ThunderboltOutlined style={{ fontSize: 40, color: "#bbb" }} />}
              description={manage ? t("flash.empty") : t("flash.emptyReadOnly")}
            >
              {manage && createButton}
            </Empty>
          ),
        }}
        columns={[
          {
            title: t("flash.field.name"),
            key: "name",
            render: (_, sale) => (
              <Space>
                {sale.imageUrl ? (
                  <Image src={sale.imageUrl} width={40} height={40} style={{ objectFit: "cover" }} />
                ) : (
                  <ThunderboltOutlined style={{ fontSize: 24, color: "#f59e0b", width: 40 }} />
                )}
                <span>
                  <Typography.Text strong>{sale.name}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">
                    {sale.itemName} · {sale.sku}
                  </Typography.Text>
                </span>
              </Space>
            ),
          },
          {
            title: t("flash.field.price"),
            key: "price",
            render: (_, sale) => (
              <span>
                <Typography.Text strong>{f.money(sale.price)}</Typography.Text>{" "}
                <Typography.Text delete type="secondary">
                  {f.money(sale.originalPrice)}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: t("flash.stockColumn"),
            key: "stock",
            width: 240,
            render: (_, sale) => (
              <div data-testid="flash-stock">
                <Progress percent={takenPercent(sale)} size="small" showInfo={false} status="active" />
                <Typography.Text type="secondary">
                  {t("flash.stockLine", {
                    sold: sale.sold,
                    held: sale.held,
                    left: sale.left,
                    stock: sale.stock,
                  })}
                </Typography.Text>
              </div>
            ),
          },
          {
            title: t("flash.field.window"),
            key: "window",
            render: (_, sale) => (
              <span>
                <SalePhaseTag sale={sale} />
                <br />
                {f.dateTime(sale.startsAt)} – {f.dateTime(sale.endsAt)}
              </span>
            ),
          },
          {
            title: t("flash.field.perMemberLimit"),
            dataIndex: "perMemberLimit",
            render: (v: number | null) => v ?? t("flash.noLimit"),
          },
          {
            title: t("flash.field.audience"),
            key: "audience",
            render: (_, sale) => t(`flash.audience.${sale.audience?.kind ?? "everyone"}`),
          },
          ...(manage
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, sale: FlashSale) => (
                    <Space>
                      <Button
                        size="small"
                        icon={<EditOutlined />}
                        aria-label={t("common.edit")}
                        onClick={() => setEditing({ sale })}
                      />
                      <Popconfirm
                        title={t("flash.confirmDelete", { name: sale.name })}
                        onConfirm={() => remove(sale)}
                      >
                        <Button
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t("flash.delete")}
                        />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <FlashSaleModal
          sale={editing.sale}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            message.success(t("common.saved"));
            reload();
          }}
        />
      )}
    </>
  );
}
