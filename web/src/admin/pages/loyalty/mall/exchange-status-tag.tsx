import { Tag } from "antd";
import type { ExchangeStatus } from "../../../../shared/api-types";
import { useT } from "../../../i18n/locale-context";

const colours: Record<ExchangeStatus, string> = {
  awaiting_pickup: "gold",
  verified: "green",
  cancelled: "default",
  expired: "red",
};

export function ExchangeStatusTag({ status }: { status: ExchangeStatus }) {
  const t = useT();
  return <Tag color={colours[status]}>{t(`mall.status.${status}`)}</Tag>;
}
