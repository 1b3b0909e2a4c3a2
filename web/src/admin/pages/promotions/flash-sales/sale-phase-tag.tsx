import { Tag } from "antd";
import type { FlashSale } from "../../../../shared/api-types";
import { useT } from "../../../i18n/locale-context";

const colors = { upcoming: "blue", running: "green", ended: "default", paused: "orange" } as const;

/** Upcoming, running or ended by the clock; paused when switched off, whatever the clock says. */
export function SalePhaseTag({ sale }: { sale: Pick<FlashSale, "phase" | "status"> }) {
  const t = useT();
  const key = sale.status === "paused" && sale.phase !== "ended" ? "paused" : sale.phase;
  return <Tag color={colors[key]}>{t(`flash.phase.${key}`)}</Tag>;
}
