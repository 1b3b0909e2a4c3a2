import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Flex, Popconfirm, Table, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import { api } from "../../../../shared/api";
import type { EarnRule, List, Store } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { EarnRuleModal } from "./earn-rule-modal";
import { formatStep, sortEarnRules } from "./earn-rule-text";

/** 消费得积分: the shop's rule with its category and store rules, added, changed and deleted in place. */
export function EarnRulesCard({ editable }: { editable: boolean }) {
  const t = useT();
  const f = useFormat();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const rules = useGet<List<EarnRule>>("/api/v1/loyalty/points-rules");
  const stores = useGet<List<Store>>("/api/v1/stores");
  const [editing, setEditing] = useState<EarnRule | null>(null);
  const [open, setOpen] = useState(false);

  const storeList = stores.data?.data ?? [];
  const storeName = useMemo(() => {
    const names = new Map((stores.data?.data ?? []).map((s) => [s.id, s.name]));
    return (id: string) => names.get(id) ?? id;
  }, [stores.data]);
  const list = sortEarnRules(rules.data?.data ?? [], storeName);
  const hasShopRule = list.some((r) => r.scope === "shop");

  const remove = async (rule: EarnRule) => {
    try {
      await api.delete(`/api/v1/loyalty/points-rules/${rule.id}`);
      message.success(t("wallet.rules.deleted"));
      rules.reload();
    } catch (cause) {
      notifyError(cause);
    }
  };
  const openModal = (rule: EarnRule | null) => {
    setEditing(rule);
    setOpen(true);
  };

  return (
    <Card
      size="small"
      title={t("wallet.rules.title")}
      extra={
        editable && (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => openModal(null)}
            data-testid="add-earn-rule"
          >
            {t("wallet.rules.add")}
          </Button>
        )
      }
      data-testid="earn-rules"
    >
      <ErrorAlert error={rules.error} onRetry={rules.reload} />
      <Typography.Paragraph type="secondary">{t("wallet.rules.intro")}</Typography.Paragraph>
      <Table<EarnRule>
        size="small"
        rowKey="id"
        loading={rules.loading}
        dataSource={list}
        pagination={false}
        scroll={{ x: "max-content" }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("wallet.rules.empty")} />,
        }}
        columns={[
          {
            title: t("wallet.rules.scope"),
            key: "scope",
            render: (_, r) => (
              <Tag color={r.scope === "shop" ? "green" : "blue"}>{t(`wallet.rules.scope.${r.scope}`)}</Tag>
            ),
          },
          {
            title: t("wallet.rules.target"),
            key: "target",
            render: (_, r) =>
              r.scope === "shop"
                ? t("wallet.rules.allPurchases")
                : r.scope === "store"
                  ? storeName(r.storeId ?? "")
                  : r.category,
          },
          {
            title: t("wallet.rules.rule"),
            key: "rule",
            render: (_, r) => (
              <span data-testid="earn-rule-text">
                {t("wallet.rules.preview", {
                  step: formatStep(r.stepAmount, f.currency),
                  points: r.pointsPerStep,
                })}
              </span>
            ),
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
                  render: (_: unknown, r: EarnRule) => (
                    <Flex gap={4}>
                      <Button size="small" type="link" icon={<EditOutlined />} onClick={() => openModal(r)}>
                        {t("common.edit")}
                      </Button>
                      <Popconfirm title={t("wallet.rules.deleteConfirm")} onConfirm={() => remove(r)}>
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
      <EarnRuleModal
        open={open}
        rule={editing}
        stores={storeList}
        hasShopRule={hasShopRule}
        onClose={() => setOpen(false)}
        onSaved={() => {
          setOpen(false);
          message.success(t("common.saved"));
          rules.reload();
        }}
      />
    </Card>
  );
}
