import type { HeldCounts, HoldReason } from "../../../../shared/api-types";

export const holdReasonOrder: HoldReason[] = [
  "quiet_hours",
  "daily_cap",
  "weekly_cap",
  "community_daily_cap",
];

/** The reasons with a count, in a fixed order, for the preview and the result. */
export const heldEntries = (held: HeldCounts) =>
  holdReasonOrder.filter((r) => held[r] > 0).map((r) => ({ reason: r, count: held[r] }));

export const totalHeld = (held: HeldCounts) => holdReasonOrder.reduce((n, r) => n + held[r], 0);
