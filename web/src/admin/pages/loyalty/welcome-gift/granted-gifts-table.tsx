import { ReloadOutlined } from "@ant-design/icons";
import { Button, Card, Empty, Table, Tag } from "antd";
import { Link } from "react-router-dom";
import type { GrantedWelcomeGift } from "../../../../shared/api-types";
import { ErrorAlert } from "../../../components/error-alert";
import { LoadMore } from "../../../components/load-more";
import { useT } from "../../../i18n/locale-context";
import { useCursorList } from "../../../use-api";
import { useFormat } from "../../../use-format";

/** Who received the new-member gift, newest first, with what staff have to hand over. */
export function GrantedGiftsTable() {
  const t = useT();
  const format = useFormat();
  const list = useCursorList<GrantedWelcomeGift>("/api/v1/loyalty/welcome-gifts", {}, 20);
  const { reload } = list;
  return (
    <Card
      size="small"
      title={t("welcomeGift.granted")}
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={reload}>
          {t("welcomeGift.refresh")}
        </Button>
      }
    >
      <ErrorAlert error={list.error} onRetry={reload} />
      <div data-testid="welcome-gifts-granted">
        <Table<GrantedWelcomeGift>
          size="small"
          rowKey="customerId"
          pagination={false}
          loading={list.loading && list.items.length === 0}
          dataSource={list.items}
          scroll={{ x: 640 }}
          locale={{ emptyText: <Empty description={t("welcomeGift.grantedEmpty")} /> }}
          columns={[
            {
              title: t("welcomeGift.member"),
              render: (_, g) => (
                <Link to={`/customers/${g.customerId}`}>
                  {g.customerName || g.customerPhone || g.customerId.slice(0, 8)}
                </Link>
              ),
            },
            {
              title: t("welcomeGift.trigger"),
              render: (_, g) => (
                <>
                  <Tag>{t(`welcomeGift.trigger.${g.trigger}`)}</Tag>
                  {g.channel && <Tag color="blue">{g.channel}</Tag>}
                </>
              ),
            },
            { title: t("welcomeGift.points"), dataIndex: "points", align: "right" },
            {
              title: t("welcomeGift.items"),
              render: (_, g) =>
                g.items.length === 0 ? "—" : g.items.map((i) => `${i.name} × ${i.quantity}`).join("，"),
            },
            { title: t("welcomeGift.grantedAt"), render: (_, g) => format.dateTime(g.grantedAt) },
          ]}
        />
      </div>
      <LoadMore hasMore={list.hasMore} loading={list.loading} onClick={list.loadMore} />
    </Card>
  );
}
