// The inbox screens' member-page strings (zh-CN first; English for visitors who switch).
import { interpolate } from "../../shared/i18n/interpolate";
import { useI18n } from "../i18n";

const zhCN = {
  inbox: "消息",
  entryHint: "店铺通知与活动消息",
  unread: "{count} 条未读",
  readAll: "全部已读",
  service: "通知",
  promotional: "活动",
  open: "查看详情",
  openCard: {
    coupon: "查看优惠券",
    flash_sale: "去抢购",
    mall_item: "去兑换",
    checkin: "去签到",
  } as Record<string, string>,
  noMessages: "还没有消息",
  noMessagesHint: "店铺发来的通知和活动会出现在这里",
  back: "返回",
  retry: "重试",
  notFound: "找不到这条消息",
};

type Shape = typeof zhCN;
export type InboxMessageKey = Exclude<keyof Shape, "openCard">;

const en: Shape = {
  inbox: "Messages",
  entryHint: "Notices and offers from the shop",
  unread: "{count} unread",
  readAll: "Mark all read",
  service: "Notice",
  promotional: "Offer",
  open: "Open",
  openCard: {
    coupon: "See the coupon",
    flash_sale: "Go to the flash sale",
    mall_item: "Go to the item",
    checkin: "Check in",
  },
  noMessages: "No messages yet",
  noMessagesHint: "Notices and offers from the shop appear here",
  back: "Back",
  retry: "Retry",
  notFound: "This message is not available",
};

const messages = { "zh-CN": zhCN, en };

/** The inbox screens' own t(), plus the member page's. */
export function useInboxText() {
  const i18n = useI18n();
  const table = messages[i18n.locale];
  const it = (key: InboxMessageKey, vars?: Record<string, string | number>) => interpolate(table[key], vars);
  const cardLabel = (kind: string) => table.openCard[kind] ?? table.open;
  return { ...i18n, it, cardLabel };
}
