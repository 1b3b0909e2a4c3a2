import { EditOutlined } from "@ant-design/icons";
import { App, Button, Card, Col, Flex, Row, Statistic, Typography } from "antd";
import { useState } from "react";
import type { LedgerEntry, WalletBalance } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useCursorList, useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { PointsAdjustModal } from "./points-adjust-modal";
import { WalletEntriesTable } from "./wallet-entries-table";

/** The customer 360 page's 积分 card: balance, what is spendable, pending and expiring, and the ledger. */
export function CustomerPointsCard({ customerId }: { customerId: string }) {
  const can = useCan();
  if (!can("loyalty:read")) return null;
  return <PointsCardBody customerId={customerId} />;
}

const count = (n: number) => n.toLocaleString("en-US");

function PointsCardBody({ customerId }: { customerId: string }) {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const { message } = App.useApp();
  const base = `/api/v1/customers/${encodeURIComponent(customerId)}/points`;
  const balance = useGet<WalletBalance>(base);
  const entries = useCursorList<LedgerEntry>(`${base}/entries`, {}, 10);
  const [adjusting, setAdjusting] = useState(false);
  const data = balance.data;
  return (
    <Card
      size="small"
      title={t("wallet.points.card")}
      loading={balance.loading && !data}
      data-testid="customer-points"
      extra={
        can("points:adjust") && (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => setAdjusting(true)}
            data-testid="adjust-points"
          >
            {t("wallet.adjust.title")}
          </Button>
        )
      }
    >
      <ErrorAlert error={balance.error} onRetry={balance.reload} />
      {data && (
        <Flex vertical gap={12}>
          <Row gutter={[12, 12]}>
            <Col xs={12} sm={6}>
              <Statistic
                title={t("wallet.points.balance")}
                value={count(data.balance)}
                data-testid="points-balance"
              />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic
                title={t("wallet.points.available")}
                value={count(data.available)}
                data-testid="points-available"
              />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic
                title={t("wallet.points.pending")}
                value={count(data.pending)}
                data-testid="points-pending"
              />
            </Col>
            <Col xs={12} sm={6}>
              <Statistic title={t("wallet.points.lifetime")} value={count(data.lifetimeEarned)} />
            </Col>
          </Row>
          {data.debt > 0 && (
            <Typography.Text type="warning">
              {t("wallet.points.debt", { points: count(data.debt) })}
            </Typography.Text>
          )}
          {data.expiringSoon.length > 0 && (
            <div data-testid="points-expiring">
              {data.expiringSoon.map((lot) => (
                <div key={lot.expiresAt}>
                  <Typography.Text type="warning">
                    {t("wallet.points.expiring", { points: count(lot.amount), date: f.date(lot.expiresAt) })}
                  </Typography.Text>
                </div>
              ))}
            </div>
          )}
          <WalletEntriesTable
            list={entries}
            amount={count}
            emptyText={t("wallet.points.noEntries")}
            testId="points-entries"
          />
        </Flex>
      )}
      <PointsAdjustModal
        customerId={customerId}
        balance={data}
        open={adjusting}
        onClose={() => setAdjusting(false)}
        onAdjusted={(result) => {
          setAdjusting(false);
          balance.setData(result.balance);
          entries.reload();
          message.success(t("wallet.adjust.done"));
        }}
      />
    </Card>
  );
}
