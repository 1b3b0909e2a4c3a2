import { Card, Flex, Statistic, Table, Typography } from "antd";
import { Link } from "react-router-dom";
import type { PreviewCustomer } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";
import { useFormat } from "../../use-format";
import { ErrorAlert } from "../error-alert";
import type { RulePreviewState } from "./use-rule-preview";

/** The live count of the rule being edited, the server's timing and the newest 20 matching customers. */
export function RulePreviewPanel({ state }: { state: RulePreviewState }) {
  const t = useT();
  const f = useFormat();
  const { preview } = state;
  const stale = state.issues.length > 0;
  return (
    <Card size="small" title={t("rule.previewTitle")} data-testid="rule-preview">
      <ErrorAlert error={state.error} />
      {state.empty ? (
        <Typography.Text type="secondary">{t("rule.previewEmpty")}</Typography.Text>
      ) : (
        <>
          <Flex align="baseline" gap={16} wrap>
            <Statistic
              title={t("rule.matching")}
              value={preview ? preview.count : "—"}
              loading={!preview && state.loading}
              styles={{ content: { opacity: stale || state.loading ? 0.45 : 1 } }}
            />
            <span
              data-testid="rule-preview-count"
              data-count={preview && !stale ? preview.count : ""}
              hidden
            />
            {preview && (
              <Typography.Text type="secondary" data-testid="rule-preview-timing">
                {t("rule.tookMs", { ms: preview.tookMs })}
              </Typography.Text>
            )}
            {stale && <Typography.Text type="danger">{t("rule.fixIssues")}</Typography.Text>}
          </Flex>
          <Table<PreviewCustomer>
            size="small"
            rowKey="id"
            style={{ marginTop: 8 }}
            pagination={false}
            scroll={{ x: "max-content" }}
            dataSource={preview?.customers ?? []}
            locale={{ emptyText: t("rule.noMatches") }}
            columns={[
              {
                title: t("common.name"),
                dataIndex: "name",
                render: (name: string | null, c) => (
                  <Link to={`/customers/${c.id}`}>{name || t("customer.unnamed")}</Link>
                ),
              },
              { title: t("common.phone"), dataIndex: "phone" },
              { title: t("rule.orders"), dataIndex: "orderCount", align: "right" },
              {
                title: t("rule.netSpent"),
                dataIndex: "netSpent",
                align: "right",
                render: (v: number) => f.money(v),
              },
              {
                title: t("rule.lastOrderAt"),
                dataIndex: "lastOrderAt",
                render: (v: string | null) => f.date(v),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}
