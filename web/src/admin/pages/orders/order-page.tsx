import { ArrowLeftOutlined } from "@ant-design/icons";
import { Button, Card, Spin } from "antd";
import { useNavigate, useParams } from "react-router-dom";
import type { Order } from "../../../shared/api-types";
import { ErrorAlert } from "../../components/error-alert";
import { PageHeader } from "../../components/page-header";
import { useT } from "../../i18n/locale-context";
import { useGet } from "../../use-api";
import { OrderDetail } from "./order-detail";

export function OrderPage() {
  const t = useT();
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const order = useGet<Order>(`/api/v1/orders/${encodeURIComponent(id)}`);
  return (
    <>
      <PageHeader
        title={
          <>
            <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} />
            {t("order.title", { order: order.data?.externalId ?? "" })}
          </>
        }
      />
      <ErrorAlert error={order.error} onRetry={order.reload} />
      {order.loading && !order.data && <Spin />}
      {order.data && (
        <Card>
          <OrderDetail order={order.data} onChange={order.setData} />
        </Card>
      )}
    </>
  );
}
