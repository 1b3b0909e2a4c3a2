import { ArrowLeftOutlined, MergeCellsOutlined } from "@ant-design/icons";
import { App, Button, Card, Col, Flex, Row, Spin, Tabs } from "antd";
import { useState } from "react";
import { useNavigate, useParams } from "react-router-dom";
import type { CustomerDetail, Order } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useT } from "../../i18n/locale-context";
import { useCan } from "../../session";
import { useCursorList, useGet } from "../../use-api";
import { CustomerCheckinCard } from "../loyalty/checkin/customer-checkin-card";
import { CustomerLevelCard } from "../loyalty/levels/customer-level-card";
import { CustomerPointsCard } from "../loyalty/points/customer-points-card";
import { CustomerStoredValueCard } from "../loyalty/stored-value/customer-stored-value-card";
import { CustomerEvents } from "./customer-events";
import { CustomerLayerCard } from "./customer-layer-card";
import { CustomerMetricsCard } from "./customer-metrics-card";
import { CustomerOrders, CustomerRefunds } from "./customer-orders";
import { CustomerProfileCard } from "./customer-profile-card";
import { CustomerRfmCard } from "./customer-rfm-card";
import { CustomerSummary } from "./customer-summary";
import { CustomerTagsCard } from "./customer-tags-card";
import { MergeModal } from "./merge-modal";

/**
 * Everything about one customer: profile, identities, summary, purchase metrics, RFM, tags with why,
 * layer history, orders, refunds and the event timeline.
 */
export function Customer360Page() {
  const t = useT();
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const can = useCan();
  const { message } = App.useApp();
  const [merging, setMerging] = useState(false);
  const customer = useGet<CustomerDetail>(`/api/v1/customers/${encodeURIComponent(id)}`);
  const orders = useCursorList<Order>(`/api/v1/customers/${encodeURIComponent(id)}/orders`, {}, 20);
  const data = customer.data;

  return (
    <>
      <PageHeader
        title={
          <>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate("/customers")} />
            {data ? data.name || data.phone || t("customer.unnamed") : t("customer.title")}
          </>
        }
        extra={
          data &&
          can("customers:write") && (
            <Button icon={<MergeCellsOutlined />} onClick={() => setMerging(true)}>
              {t("merge.action")}
            </Button>
          )
        }
      />
      <ErrorAlert error={customer.error} onRetry={customer.reload} />
      {customer.loading && !data && <Spin />}
      {data && (
        <Flex vertical gap={12}>
          <CustomerSummary summary={data.summary} />
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={16}>
              <Flex vertical gap={12}>
                <CustomerMetricsCard metrics={data.metrics} />
                <CustomerProfileCard
                  customer={data}
                  onSaved={(saved) => customer.setData({ ...data, ...saved })}
                />
              </Flex>
            </Col>
            <Col xs={24} xl={8}>
              <Flex vertical gap={12}>
                <CustomerRfmCard rfm={data.rfm} />
                <CustomerTagsCard key={data.id} customerId={data.id} />
                <CustomerLayerCard key={data.id} customerId={data.id} />
                <CustomerLevelCard key={`level-${data.id}`} customerId={data.id} />
                <CustomerCheckinCard key={`checkin-${data.id}`} customerId={data.id} />
              </Flex>
            </Col>
          </Row>
          <Row gutter={[12, 12]}>
            <Col xs={24} xl={12}>
              <CustomerPointsCard key={`points-${data.id}`} customerId={data.id} />
            </Col>
            <Col xs={24} xl={12}>
              <CustomerStoredValueCard key={`stored-value-${data.id}`} customerId={data.id} />
            </Col>
          </Row>
          <Card size="small">
            <Tabs
              items={[
                { key: "orders", label: t("customer.orders"), children: <CustomerOrders list={orders} /> },
                { key: "refunds", label: t("order.refunds"), children: <CustomerRefunds list={orders} /> },
                {
                  key: "events",
                  label: t("customer.events"),
                  children: <CustomerEvents customerId={data.id} />,
                },
              ]}
            />
          </Card>
          <MergeModal
            customer={data}
            open={merging}
            onClose={() => setMerging(false)}
            onMerged={() => {
              setMerging(false);
              message.success(t("merge.done"));
              customer.reload();
              orders.reload();
            }}
          />
        </Flex>
      )}
    </>
  );
}
