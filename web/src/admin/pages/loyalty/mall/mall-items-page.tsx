import { DeleteOutlined, EditOutlined, GiftOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Empty, Image, Popconfirm, Space, Switch, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router-dom";
import { api } from "../../../../shared/api";
import type { AdminMallItem, List } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { PageHeader } from "../../../components/page-header";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { MallItemModal } from "./mall-item-modal";

type Editing = { item: AdminMallItem | null } | null;

/** 积分商城: the items members can exchange points for, with stock and on/off at hand. */
export function MallItemsPage() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const manage = can("loyalty:manage");
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const items = useGet<List<AdminMallItem>>("/api/v1/mall/items");
  const [editing, setEditing] = useState<Editing>(null);
  const [toggling, setToggling] = useState<string | null>(null);

  async function toggle(item: AdminMallItem, active: boolean) {
    setToggling(item.id);
    try {
      await api.patch(`/api/v1/mall/items/${item.id}`, { active });
      items.reload();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setToggling(null);
    }
  }

  async function remove(item: AdminMallItem) {
    try {
      await api.delete(`/api/v1/mall/items/${item.id}`);
      message.success(t("common.deleted"));
      items.reload();
    } catch (cause) {
      notifyError(cause);
    }
  }

  const price = (item: AdminMallItem) =>
    item.cashPrice > 0
      ? t("mall.pricePlusCash", { points: item.pointsPrice, cash: f.money(item.cashPrice) })
      : t("mall.pricePoints", { points: item.pointsPrice });

  const windowText = (item: AdminMallItem) => {
    if (!item.validFrom && !item.validUntil) return t("mall.window.always");
    return `${item.validFrom ? f.dateTime(item.validFrom) : "…"} – ${item.validUntil ? f.dateTime(item.validUntil) : "…"}`;
  };

  return (
    <>
      <PageHeader
        title={t("mall.itemsTitle")}
        extra={
          <>
            <Link to="/loyalty/exchanges">
              <Button>{t("mall.exchangesTitle")}</Button>
            </Link>
            {manage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ item: null })}>
                {t("mall.item.create")}
              </Button>
            )}
          </>
        }
      />
      <ErrorAlert error={items.error} onRetry={items.reload} />
      <Table<AdminMallItem>
        rowKey="id"
        loading={items.loading}
        dataSource={items.data?.data ?? []}
        pagination={false}
        scroll={{ x: 980 }}
        locale={{
          emptyText: (
            <Empty
              image={<GiftOutlined style={{ fontSize: 40, color: "#bbb" }} />}
              description={manage ? t("mall.itemsEmpty") : t("mall.itemsEmptyReadOnly")}
            >
              {manage && (
                <Button type="primary" onClick={() => setEditing({ item: null })}>
                  {t("mall.item.create")}
                </Button>
              )}
            </Empty>
          ),
        }}
        columns={[
          {
            title: t("mall.item.name"),
            key: "name",
            render: (_, item) => (
              <Space>
                {item.imageUrl ? (
                  <Image src={item.imageUrl} width={40} height={40} style={{ objectFit: "cover" }} />
                ) : (
                  <GiftOutlined style={{ fontSize: 24, color: "#bbb", width: 40 }} />
                )}
                <span>
                  <Typography.Text strong>{item.name}</Typography.Text>
                  <br />
                  <Tag>{t(`mall.kind.${item.kind}`)}</Tag>
                </span>
              </Space>
            ),
          },
          { title: t("mall.item.price"), key: "price", render: (_, item) => price(item) },
          {
            title: t("mall.item.stock"),
            dataIndex: "stock",
            render: (stock: number | null) =>
              stock === null ? (
                t("mall.stockUnlimited")
              ) : stock === 0 ? (
                <Tag color="red">{t("mall.soldOut")}</Tag>
              ) : (
                stock
              ),
          },
          {
            title: t("mall.item.perMemberLimit"),
            dataIndex: "perMemberLimit",
            render: (v: number | null) => v ?? t("mall.noLimit"),
          },
          {
            title: t("mall.item.exchanged"),
            key: "exchanged",
            render: (_, item) =>
              t("mall.exchangedUnits", { total: item.exchangedUnits, awaiting: item.awaitingUnits }),
          },
          { title: t("mall.item.window"), key: "window", render: (_, item) => windowText(item) },
          {
            title: t("mall.item.pickupDays"),
            dataIndex: "pickupDays",
            render: (v: number) => t("mall.days", { days: v }),
          },
          {
            title: t("mall.item.active"),
            dataIndex: "active",
            render: (active: boolean, item) => (
              <Switch
                checked={active}
                disabled={!manage}
                loading={toggling === item.id}
                onChange={(next) => toggle(item, next)}
                aria-label={t("mall.item.active")}
              />
            ),
          },
          ...(manage
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, item: AdminMallItem) => (
                    <Space>
                      <Button
                        size="small"
                        icon={<EditOutlined />}
                        aria-label={t("common.edit")}
                        onClick={() => setEditing({ item })}
                      />
                      <Popconfirm
                        title={t("mall.item.confirmDelete", { name: item.name })}
                        onConfirm={() => remove(item)}
                      >
                        <Button
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t("mall.item.delete")}
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
        <MallItemModal
          item={editing.item}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            message.success(t("common.saved"));
            items.reload();
          }}
        />
      )}
    </>
  );
}
