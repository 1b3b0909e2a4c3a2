import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Flex, Popconfirm, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { api } from "../../../../shared/api";
import type { List, TopupBonusRule } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { formatStep } from "../points/earn-rule-text";
import { BonusTierModal } from "./bonus-tier-modal";
import { sortBonusTiers } from "./bonus-tiers";

/** 充值赠送: the tiers a top-up can reach; the highest tier reached applies. */
export function BonusTiersCard({ editable }: { editable: boolean }) {
  const t = useT();
  const f = useFormat();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const tiers = useGet<List<TopupBonusRule>>("/api/v1/loyalty/topup-bonus-rules");
  const [editing, setEditing] = useState<TopupBonusRule | null>(null);
  const [open, setOpen] = useState(false);

  const remove = async (tier: TopupBonusRule) => {
    try {
      await api.delete(`/api/v1/loyalty/topup-bonus-rules/${tier.id}`);
      message.success(t("wallet.sv.tiers.deleted"));
      tiers.reload();
    } catch (cause) {
      notifyError(cause);
    }
  };
  const openModal = (tier: TopupBonusRule | null) => {
    setEditing(tier);
    setOpen(true);
  };
  return (
    <Card
      size="small"
      title={t("wallet.sv.tiers.title")}
      extra={
        editable && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => openModal(null)}
            data-testid="add-bonus-tier"
          >
            {t("wallet.sv.tiers.add")}
          </Button>
        )
      }
      data-testid="bonus-tiers"
    >
      <ErrorAlert error={tiers.error} onRetry={tiers.reload} />
      <Typography.Paragraph type="secondary">{t("wallet.sv.tiers.intro")}</Typography.Paragraph>
      <Table<TopupBonusRule>
        size="small"
        rowKey="id"
        loading={tiers.loading}
        dataSource={sortBonusTiers(tiers.data?.data ?? [])}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("wallet.sv.tiers.empty")} />,
        }}
        columns={[
          {
            title: t("wallet.sv.tiers.tier"),
            key: "tier",
            render: (_, r) => (
              <span data-testid="bonus-tier-text">
                {t("wallet.sv.tiers.text", {
                  min: formatStep(r.minAmount, f.currency),
                  bonus: formatStep(r.bonusAmount, f.currency),
                })}
              </span>
            ),
          },
          {
            title: t("wallet.sv.tiers.min"),
            key: "min",
            align: "right",
            render: (_, r) => f.money(r.minAmount),
          },
          {
            title: t("wallet.sv.tiers.bonus"),
            key: "bonus",
            align: "right",
            render: (_, r) => f.money(r.bonusAmount),
          },
          {
            title: t("wallet.rules.active"),
            key: "active",
            render: (_, r) =>
              r.active ? (
                <Tag color="success">{t("wallet.rules.on")}</Tag>
              ) : (
                <Tag>{t("wallet.rules.off")}</Tag>
              ),
          },
          ...(editable
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, r: TopupBonusRule) => (
                    <Flex gap={4}>
                      <Button size="small" type="link" icon={<EditOutlined />} onClick={() => openModal(r)}>
                        {t("common.edit")}
                      </Button>
                      <Popconfirm title={t("wallet.sv.tiers.deleteConfirm")} onConfirm={() => remove(r)}>
                        <Button size="small" type="link" danger icon={<DeleteOutlined />}>
                          {t("wallet.delete")}
                        </Button>
                      </Popconfirm>
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      <BonusTierModal
        open={open}
        tier={editing}
        onClose={() => setOpen(false)}
        onSaved={() => {
          setOpen(false);
          message.success(t("common.saved"));
          tiers.reload();
        }}
      />
    </Card>
  );
}
