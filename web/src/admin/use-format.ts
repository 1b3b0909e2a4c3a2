import { useMemo } from "react";
import { formatMoney, formatPercent } from "../shared/money";
import { formatDate, formatDateTime } from "../shared/time";
import { useMe } from "./session";

/** Money in the shop's currency and times on the shop's clock, whatever the browser's zone. */
export function useFormat() {
  const { merchant } = useMe();
  return useMemo(
    () => ({
      timeZone: merchant.timeZone,
      currency: merchant.currency,
      money: (fen: number | null | undefined) => (fen == null ? "—" : formatMoney(fen, merchant.currency)),
      dateTime: (iso: string | null | undefined) => formatDateTime(iso, merchant.timeZone),
      date: (iso: string | null | undefined) => formatDate(iso, merchant.timeZone),
      percent: formatPercent,
    }),
    [merchant.currency, merchant.timeZone],
  );
}
