import { DeleteOutlined, EditOutlined, PlusOutlined, SendOutlined, TagOutlined } from "@ant-design/icons";
import { App, Button, Empty, Popconfirm, Progress, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { api } from "../../../../shared/api";
import type { CouponTemplate, CouponTemplateStatus, List } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { PageHeader } from "../../../components/page-header";
import { useNotifyError } from "../../../components/use-notify";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { CouponTriggersCard } from "./coupon-triggers-card";
import { validityText } from "./template-text";

const statusColor: Record<CouponTemplateStatus, string> = {
  active: "green",
  paused: "orange",
  ended: "default",
};

/** 优惠券: the templates with their stock, budget and validity at a glance, and the automatic-issue triggers. */
export function CouponTemplatesPage() {
  const t = useT();
  const f = useFormat();
  const navigate = useNavigate();
  const can = useCan();
  const manage = can("promotions:manage");
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const templates = useGet<List<CouponTemplate>>("/api/v1/coupon-templates");
  const [changing, setChanging] = useState<string | null>(null);

  async function changeStatus(template: CouponTemplate, status: CouponTemplateStatus) {
    setChanging(template.id);
    try {
      await api.patch(`/api/v1/coupon-templates/${template.id}`, { status });
      message.success(t("common.saved"));
      templates.reload();
    } catch (cause) {
      notifyError(cause);
    } finally {
      setChanging(null);
    }
  }

  async function remove(template: CouponTemplate) {
    try {
      await api.delete(`/api/v1/coupon-templates/${template.id}`);
      message.success(t("common.deleted"));
      templates.reload();
    } catch (cause) {
      notifyError(cause);
    }
  }

  const create = () => navigate("/promotions/coupons/new");

  return (
    <>
      <PageHeader
        title={t("coupons.templatesTitle")}
        extra={
          <>
            <Link to="/promotions/coupons/batches">
              <Button icon={<TagOutlined />}>{t("coupons.batches.title")}</Button>
            </Link>
            <Link to="/promotions/redemptions">
              <Button>{t("coupons.redemptions.title")}</Button>
            </Link>
            {manage && (
              <Link to="/promotions/coupons/issue">
                <Button icon={<SendOutlined />}>{t("coupons.issue.action")}</Button>
              </Link>
            )}
            {manage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={create} data-testid="template-create">
                {t("coupons.editor.newTitle")}
              </Button>
            )}
          </>
        }
      />
      <ErrorAlert error={templates.error} onRetry={templates.reload} />
      <Table<CouponTemplate>
        rowKey="id"
        loading={templates.loading}
        dataSource={templates.data?.data ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        style={{ marginBottom: 24 }}
        locale={{
          emptyText: (
            <Empty description={manage ? t("coupons.templatesEmpty") : t("coupons.templatesEmptyReadOnly")}>
              {manage && (
                <Button type="primary" onClick={create}>
                  {t("coupons.editor.newTitle")}
                </Button>
              )}
            </Empty>
          ),
        }}
        columns={[
          {
            title: t("coupons.field.name"),
            key: "name",
            render: (_, tpl) => (
              <span>
                <Link to={`/promotions/coupons/${tpl.id}`}>
                  <Typography.Text strong>{tpl.name}</Typography.Text>
                </Link>
                {tpl.summary !== tpl.name && (
                  <>
                    <br />
                    <Typography.Text type="secondary">{tpl.summary}</Typography.Text>
                  </>
                )}
              </span>
            ),
          },
          {
            title: t("coupons.field.kind"),
            key: "kind",
            render: (_, tpl) => (
              <Space size={4} wrap>
                <Tag>{t(`coupons.kind.${tpl.rule.kind}`)}</Tag>
                {tpl.claimable && <Tag color="blue">{t("coupons.claimableTag")}</Tag>}
              </Space>
            ),
          },
          {
            title: t("coupons.field.status"),
            dataIndex: "status",
            render: (status: CouponTemplateStatus) => (
              <Tag color={statusColor[status]}>{t(`coupons.status.${status}`)}</Tag>
            ),
          },
          {
            title: t("coupons.list.stock"),
            key: "stock",
            render: (_, tpl) =>
              tpl.stock === null ? (
                t("coupons.list.issuedUnlimited", { issued: tpl.issued })
              ) : (
                <div style={{ minWidth: 120 }}>
                  {tpl.issued} / {tpl.stock}
                  <Progress
                    percent={tpl.stock ? Math.round((tpl.issued / tpl.stock) * 100) : 100}
                    size="small"
                    showInfo={false}
                  />
                </div>
              ),
          },
          {
            title: t("coupons.list.budget"),
            key: "budget",
            render: (_, tpl) =>
              tpl.budget === null ? (
                t("coupons.list.spentNoBudget", { spent: f.money(tpl.spent) })
              ) : (
                <div style={{ minWidth: 140 }}>
                  {f.money(tpl.spent)} / {f.money(tpl.budget)}
                  <Progress
                    percent={tpl.budget ? Math.round((tpl.spent / tpl.budget) * 100) : 100}
                    size="small"
                    showInfo={false}
                  />
                </div>
              ),
          },
          {
            title: t("coupons.list.validity"),
            key: "validity",
            render: (_, tpl) => validityText(tpl.validity, t, f),
          },
          ...(manage
            ? [
                {
                  title: t("common.actions"),
                  key: "actions",
                  render: (_: unknown, tpl: CouponTemplate) => (
                    <Space>
                      <Button
                        size="small"
                        icon={<EditOutlined />}
                        aria-label={t("common.edit")}
                        onClick={() => navigate(`/promotions/coupons/${tpl.id}`)}
                      />
                      <Select<CouponTemplateStatus>
                        size="small"
                        value={tpl.status}
                        loading={changing === tpl.id}
                        style={{ width: 96 }}
                        aria-label={t("coupons.field.status")}
                        onChange={(next) => changeStatus(tpl, next)}
                        options={(["active", "paused", "ended"] as const).map((s) => ({
                          value: s,
                          label: t(`coupons.status.${s}`),
                        }))}
                      />
                      {tpl.issued === 0 && (
                        <Popconfirm
                          title={t("coupons.list.confirmDelete", { name: tpl.name })}
                          onConfirm={() => remove(tpl)}
                        >
                          <Button
                            size="small"
                            danger
                            icon={<DeleteOutlined />}
                            aria-label={t("coupons.list.delete")}
                          />
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <CouponTriggersCard templates={templates.data?.data ?? []} />
    </>
  );
}
