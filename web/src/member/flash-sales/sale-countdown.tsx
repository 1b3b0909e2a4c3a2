import { countdownTo, formatCountdown } from "./countdown";
import type { FlashUnavailableReason, MemberFlashSale } from "./flash-api";
import { useFlashText } from "./flash-messages";

/** "距开始 01:02:03" before the start, "距结束 …" while running, "已结束" after. */
export function SaleCountdown({
  sale,
  now,
  large,
}: {
  sale: Pick<MemberFlashSale, "startsAt" | "endsAt">;
  now: number;
  large?: boolean;
}) {
  const { ft } = useFlashText();
  const starts = Date.parse(sale.startsAt);
  const ends = Date.parse(sale.endsAt);
  const className = large ? "qm-flash-countdown qm-flash-countdown-large" : "qm-flash-countdown";
  if (now >= ends) return <span className={className}>{ft("ended")}</span>;
  const upcoming = now < starts;
  const clock = formatCountdown(countdownTo(upcoming ? starts : ends, now), ft("day"));
  return (
    <span className={className} data-testid="flash-countdown" data-phase={upcoming ? "upcoming" : "running"}>
      <span className="qm-flash-countdown-label">{ft(upcoming ? "startsIn" : "endsIn")}</span>
      <span className="qm-flash-clock">{clock}</span>
    </span>
  );
}

/** Why the buy button is off, judged on the live clock and the last stock figures. */
export function liveBlockedReason(sale: MemberFlashSale, now: number): FlashUnavailableReason | null {
  if (sale.unavailableReason === "paused" || sale.unavailableReason === "not_in_audience")
    return sale.unavailableReason;
  if (now >= Date.parse(sale.endsAt)) return "ended";
  if (now < Date.parse(sale.startsAt)) return "not_started";
  if (sale.left < 1) return "sold_out";
  if (sale.myRemaining !== null && sale.myRemaining < 1) return "limit_reached";
  return null;
}
