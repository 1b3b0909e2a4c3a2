import { Card, Flex, Table, Tag, Typography } from "antd";
import type { Checkin, Page, WelcomeGift } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { useT } from "../../../i18n/locale-context";
import { useCan } from "../../../session";
import { useGet } from "../../../use-api";
import { useFormat } from "../../../use-format";

/** The customer 360 page's card: the new-member gift they received and their latest check-ins. */
export function CustomerCheckinCard({ customerId }: { customerId: string }) {
  const can = useCan();
  if (!can("loyalty:read")) return null;
  return <CheckinCardBody customerId={customerId} />;
}

function CheckinCardBody({ customerId }: { customerId: string }) {
  const t = useT();
  const f = useFormat();
  const base = `/api/v1/customers/${encodeURIComponent(customerId)}`;
  const checkins = useGet<Page<Checkin>>(`${base}/checkins?limit=10`);
  const gift = useGet<{ gift: WelcomeGift | null }>(`${base}/welcome-gift`);
  const given = gift.data?.gift;
  return (
    <Card size="small" title={t("checkin.customer.title")} data-testid="customer-checkins">
      <ErrorAlert
        error={checkins.error ?? gift.error}
        onRetry={checkins.error ? checkins.reload : gift.reload}
      />
      <Flex vertical gap={8}>
        <Typography.Text data-testid="customer-welcome-gift">
          {given
            ? t("checkin.customer.gift", {
                time: f.dateTime(given.grantedAt),
                trigger: t(`welcomeGift.trigger.${given.trigger}`),
                points: given.points,
              })
            : gift.data && t("checkin.customer.noGift")}
        </Typography.Text>
        {given && given.items.length > 0 && (
          <Typography.Text type="secondary">
            {t("checkin.customer.items", {
              items: given.items.map((i) => `${i.name} × ${i.quantity}`).join("，"),
            })}
          </Typography.Text>
        )}
        <Table<Checkin>
          size="small"
          rowKey="date"
          pagination={false}
          loading={checkins.loading && !checkins.data}
          dataSource={checkins.data?.data ?? []}
          locale={{ emptyText: t("checkin.customer.none") }}
          columns={[
            { title: t("checkin.customer.date"), dataIndex: "date" },
            {
              title: t("checkin.day"),
              dataIndex: "streak",
              render: (streak: number) => t("checkin.dayN", { day: streak }),
            },
            {
              title: t("checkin.points"),
              align: "right",
              render: (_, c) =>
                c.madeUp ? (
                  <Tag color="orange">{t("checkin.customer.madeUp", { cost: c.makeupCostPoints })}</Tag>
                ) : (
                  `+${c.points}`
                ),
            },
          ]}
        />
      </Flex>
    </Card>
  );
}
