import type { MemberMallItem } from "./mall-api";
import type { MallMessageKey } from "./mall-messages";

/** Why the exchange button is off, as a message key (with its time for not-yet-started items), or null. */
export function blockedReason(item: MemberMallItem, availablePoints: number): MallMessageKey | null {
  switch (item.unavailableReason) {
    case "sold_out":
      return "soldOut";
    case "not_started":
      return "notStarted";
    case "ended":
      return "ended";
    case "limit_reached":
      return "limitReached";
    default:
      return availablePoints < item.pointsPrice ? "notEnoughPoints" : null;
  }
}
