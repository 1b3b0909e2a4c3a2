import type { CouponReportGrouping, CouponReportRow } from "../../../../shared/api-types";
import type { Translate } from "../../../i18n/locale-context";
import type { MessageKey } from "../../../i18n/zh-cn";

/** Issuing channels the server reports by name when a coupon came from no batch or bulk issue. */
const channelKeys: Record<string, MessageKey> = {
  manual: "couponReport.channel.manual",
  claim: "couponReport.channel.claim",
  segment: "couponReport.channel.segment",
  batch: "couponReport.channel.batch",
  code: "couponReport.channel.code",
  member: "couponReport.channel.code",
  mall: "couponReport.channel.mall",
};

const triggerKeys: Record<string, MessageKey> = {
  welcome_gift: "coupons.trigger.welcome_gift",
  level_up: "coupons.trigger.level_up",
  birthday: "coupons.trigger.birthday",
  checkin: "coupons.trigger.checkin",
};

/**
 * A campaign row's name: a code batch or a bulk issue by the name the server gives it, an issuing
 * channel (manual, claim, trigger:<event>, mall …) translated; an unknown channel as the server wrote it.
 */
export function campaignLabel(row: Pick<CouponReportRow, "key" | "label">, t: Translate): string {
  const [kind = "", ...rest] = row.key.split(":");
  const detail = rest.join(":");
  const named = row.label !== row.key ? row.label.replace(/^ · /, "") : detail.slice(0, 8);
  if (kind === "batch" && detail) return t("couponReport.campaign.batch", { name: named });
  if (kind === "bulk" && detail) return t("couponReport.campaign.bulk", { name: named });
  if (kind === "trigger") {
    const event = triggerKeys[detail];
    return t("couponReport.campaign.trigger", { event: event ? t(event) : detail });
  }
  const channel = channelKeys[row.key];
  return channel ? t(channel) : row.key;
}

/** What a table row is called under each grouping. */
export function rowLabel(
  groupBy: CouponReportGrouping,
  row: Pick<CouponReportRow, "key" | "label">,
  t: Translate,
): string {
  switch (groupBy) {
    case "campaign":
      return campaignLabel(row, t);
    case "store":
      return row.key === "" ? t("couponReport.noStore") : row.label;
    case "template":
      // A template that has since been deleted has no name left: the server answers with its id.
      return row.label === row.key
        ? t("couponReport.deletedTemplate", { id: row.key.slice(0, 8) })
        : row.label;
    case "day":
      return row.key;
  }
}
