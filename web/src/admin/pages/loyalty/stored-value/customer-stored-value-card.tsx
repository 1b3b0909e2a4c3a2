import { PlusOutlined, ShoppingOutlined } from "@ant-design/icons";
import { App, Button, Card, Col, Flex, Row, Statistic, Tabs } from "antd";
import { useMemo, useState } from "react";
import type {
  LedgerEntry,
  List,
  Store,
  StoredValueBalance,
  StoredValueTopup,
  TopupBonusRule,
} from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useCursorList, useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";
import { WalletEntriesTable } from "../points/wallet-entries-table";
import { PayModal } from "./pay-modal";
import { PaymentRefundModal } from "./payment-refund-modal";
import { TopupModal } from "./topup-modal";
import { TopupsTable } from "./topups-table";

/** The customer 360 page's 储值 card: balance as principal and bonus, top-up, pay, refunds and the ledger. */
export function CustomerStoredValueCard({ customerId }: { customerId: string }) {
  const can = useCan();
  if (!can("loyalty:read")) return null;
  return <StoredValueCardBody customerId={customerId} />;
}

function StoredValueCardBody({ customerId }: { customerId: string }) {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const { message } = App.useApp();
  const writable = can("wallet:write");
  const base = `/api/v1/customers/${encodeURIComponent(customerId)}/stored-value`;
  const balance = useGet<StoredValueBalance>(base);
  const topups = useCursorList<StoredValueTopup>(`${base}/topups`, {}, 10);
  const entries = useCursorList<LedgerEntry>(`${base}/entries`, {}, 10);
  const tiers = useGet<List<TopupBonusRule>>(writable ? "/api/v1/loyalty/topup-bonus-rules" : null);
  const stores = useGet<List<Store>>("/api/v1/stores");
  const [dialog, setDialog] = useState<"topup" | "pay" | null>(null);
  const [refunding, setRefunding] = useState<LedgerEntry | null>(null);
  const storeName = useMemo(() => {
    const names = new Map((stores.data?.data ?? []).map((s) => [s.id, s.name]));
    return (id: string) => names.get(id) ?? id;
  }, [stores.data]);

  const refresh = () => {
    balance.reload();
    topups.reload();
    entries.reload();
  };
  const data = balance.data;
  return (
    <Card
      size="small"
      title={t("wallet.sv.card")}
      loading={balance.loading && !data}
      data-testid="customer-stored-value"
      extra={
        writable && (
          <Flex gap={8}>
            <Button
              size="small"
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDialog("topup")}
              data-testid="topup"
            >
              {t("wallet.sv.topup.title")}
            </Button>
            <Button
              size="small"
              icon={<ShoppingOutlined />}
              onClick={() => setDialog("pay")}
              data-testid="pay"
            >
              {t("wallet.sv.pay.title")}
            </Button>
          </Flex>
        )
      }
    >
      <ErrorAlert error={balance.error} onRetry={balance.reload} />
      {data && (
        <Flex vertical gap={12}>
          <Row gutter={[12, 12]}>
            <Col xs={24} sm={8}>
              <Statistic
                title={t("wallet.sv.balance")}
                value={f.money(data.balance)}
                data-testid="sv-balance"
              />
            </Col>
            <Col xs={12} sm={8}>
              <Statistic
                title={t("wallet.sv.principal")}
                value={f.money(data.principal)}
                data-testid="sv-principal"
              />
            </Col>
            <Col xs={12} sm={8}>
              <Statistic title={t("wallet.sv.bonus")} value={f.money(data.bonus)} data-testid="sv-bonus" />
            </Col>
          </Row>
          <Tabs
            size="small"
            items={[
              {
                key: "topups",
                label: t("wallet.sv.topups"),
                children: (
                  <TopupsTable
                    list={topups}
                    storeName={storeName}
                    canRefund={writable}
                    onRefunded={() => {
                      message.success(t("wallet.sv.refunded"));
                      refresh();
                    }}
                  />
                ),
              },
              {
                key: "entries",
                label: t("wallet.sv.entries"),
                children: (
                  <WalletEntriesTable
                    list={entries}
                    amount={f.money}
                    emptyText={t("wallet.sv.noEntries")}
                    testId="sv-entries"
                    action={
                      writable
                        ? (entry) =>
                            entry.kind === "spend" && (
                              <Button
                                size="small"
                                type="link"
                                danger
                                onClick={() => setRefunding(entry)}
                                data-testid="refund-payment"
                              >
                                {t("wallet.sv.refund")}
                              </Button>
                            )
                        : undefined
                    }
                  />
                ),
              },
            ]}
          />
        </Flex>
      )}
      <TopupModal
        customerId={customerId}
        tiers={tiers.data?.data ?? []}
        stores={stores.data?.data ?? []}
        open={dialog === "topup"}
        onClose={() => setDialog(null)}
        onToppedUp={(result) => {
          setDialog(null);
          balance.setData(result.balance);
          topups.reload();
          entries.reload();
          message.success(t("wallet.sv.topup.done"));
        }}
      />
      <PaymentRefundModal
        payment={refunding}
        onClose={() => setRefunding(null)}
        onRefunded={() => {
          setRefunding(null);
          refresh();
          message.success(t("wallet.sv.paymentRefund.done"));
        }}
      />
      <PayModal
        customerId={customerId}
        balance={data}
        open={dialog === "pay"}
        onClose={() => setDialog(null)}
        onPaid={() => {
          setDialog(null);
          refresh();
          message.success(t("wallet.sv.pay.done"));
        }}
      />
    </Card>
  );
}
