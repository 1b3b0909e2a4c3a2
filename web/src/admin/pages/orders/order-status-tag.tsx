import { Tag } from "antd";
import type { OrderStatus } from "../../../shared/api-types";
import { useT } from "../../i18n/locale-context";

const colors: Record<OrderStatus, string> = {
  completed: "green",
  partially_refunded: "orange",
  refunded: "red",
  cancelled: "default",
};

export function OrderStatusTag({ status }: { status: OrderStatus }) {
  const t = useT();
  return <Tag color={colors[status]}>{t(`orderStatus.${status}`)}</Tag>;
}
