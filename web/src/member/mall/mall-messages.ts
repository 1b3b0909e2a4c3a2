// The points mall's member-page strings (zh-CN first; English for visitors who switch), kept
// beside the screens so the shared messages file stays small.
import { ApiError } from "../../shared/api";
import { interpolate } from "../../shared/i18n/interpolate";
import { errorText } from "../error-text";
import { useI18n } from "../i18n";

const zhCN = {
  mall: "积分商城",
  mallEntry: "积分商城",
  mallEntryHint: "用积分兑换礼品和服务",
  myExchanges: "我的兑换",
  myPoints: "我的积分",
  pendingPoints: "另有 {points} 积分待生效",
  points: "{points} 积分",
  pointsPlusCash: "{points} 积分 + {cash}",
  cashAtPickup: "现金部分 {cash} 在门店领取时支付",
  stockLeft: "剩余 {stock}",
  limitLeft: "每人限 {limit} 件，还可兑 {left} 件",
  exchange: "立即兑换",
  soldOut: "已兑完",
  notStarted: "{time} 开始兑换",
  ended: "兑换已结束",
  limitReached: "已达兑换上限",
  notEnoughPoints: "积分不足",
  noItems: "商城里还没有商品",
  noItemsHint: "店铺上架礼品后会出现在这里，先去消费攒积分吧",
  confirmTitle: "确认兑换",
  confirmBody: "将使用 {points} 积分兑换「{item}」× {quantity}",
  quantity: "数量",
  pickupRule: "兑换后 {days} 天内凭兑换码到店领取，逾期自动取消并退回积分",
  confirm: "确认兑换",
  cancel: "取消",
  exchanged: "兑换成功",
  showCode: "到店出示下方兑换码领取",
  code: "兑换码",
  pickupBy: "领取截止：{time}",
  statusAwaiting: "待领取",
  statusVerified: "已领取",
  statusCancelled: "已取消",
  statusExpired: "已过期",
  verifiedAt: "{time} 已领取",
  cancelledAt: "{time} 已取消，积分已退回",
  expiredAt: "{time} 已过期，积分已退回",
  cancelExchange: "取消兑换",
  cancelConfirm: "取消后积分将退回你的账户，确定取消吗？",
  cancelled: "已取消，积分已退回",
  noExchanges: "还没有兑换记录",
  noExchangesHint: "在积分商城兑换后，兑换码会出现在这里",
  goToMall: "去积分商城",
  back: "返回",
  loadFailed: "加载失败",
  retry: "重试",
  itemNotFound: "找不到这件商品，可能已下架",
  errorInsufficient: "积分不足：可用 {available}，需要 {requested}",
  errorOutOfStock: "库存不足，已被兑完",
  errorLimit: "已达到每人兑换上限",
  errorNotStarted: "还没到兑换时间",
  errorEnded: "兑换已结束",
  errorInactive: "这件商品已下架",
  errorAlreadyDone: "这笔兑换已处理过了",
  errorPickedUp: "已经领取，不能取消",
};

export type MallMessageKey = keyof typeof zhCN;

const en: Record<MallMessageKey, string> = {
  mall: "Points mall",
  mallEntry: "Points mall",
  mallEntryHint: "Exchange points for gifts and services",
  myExchanges: "My exchanges",
  myPoints: "My points",
  pendingPoints: "{points} more points pending",
  points: "{points} pts",
  pointsPlusCash: "{points} pts + {cash}",
  cashAtPickup: "Pay the {cash} cash part at the store when you pick it up",
  stockLeft: "{stock} left",
  limitLeft: "Limit {limit} per member, {left} left for you",
  exchange: "Exchange",
  soldOut: "Sold out",
  notStarted: "Available from {time}",
  ended: "No longer available",
  limitReached: "Limit reached",
  notEnoughPoints: "Not enough points",
  noItems: "Nothing in the mall yet",
  noItemsHint: "Gifts will appear here once the shop adds them; collect points with your purchases meanwhile",
  confirmTitle: "Confirm exchange",
  confirmBody: "Use {points} points for “{item}” × {quantity}",
  quantity: "Quantity",
  pickupRule:
    "Pick it up at a store with the code within {days} days; after that it is cancelled and your points return",
  confirm: "Exchange",
  cancel: "Cancel",
  exchanged: "Exchanged",
  showCode: "Show this code at the store to pick it up",
  code: "Pickup code",
  pickupBy: "Pick up by {time}",
  statusAwaiting: "Awaiting pickup",
  statusVerified: "Picked up",
  statusCancelled: "Cancelled",
  statusExpired: "Expired",
  verifiedAt: "Picked up {time}",
  cancelledAt: "Cancelled {time}, points returned",
  expiredAt: "Expired {time}, points returned",
  cancelExchange: "Cancel exchange",
  cancelConfirm: "Your points will be returned. Cancel this exchange?",
  cancelled: "Cancelled, points returned",
  noExchanges: "No exchanges yet",
  noExchangesHint: "Exchange something in the points mall and its pickup code appears here",
  goToMall: "Go to the points mall",
  back: "Back",
  loadFailed: "Could not load",
  retry: "Retry",
  itemNotFound: "This item is not available any more",
  errorInsufficient: "Not enough points: {available} available, {requested} needed",
  errorOutOfStock: "Out of stock",
  errorLimit: "You have reached the limit for this item",
  errorNotStarted: "This item cannot be exchanged yet",
  errorEnded: "This item's exchange period has ended",
  errorInactive: "This item is no longer offered",
  errorAlreadyDone: "This exchange was already handled",
  errorPickedUp: "Already picked up; it can no longer be cancelled",
};

const messages = { "zh-CN": zhCN, en };

type Vars = Record<string, string | number>;

/** The mall's own t(), plus the member page's for shared words and generic errors. */
export function useMallText() {
  const i18n = useI18n();
  const mt = (key: MallMessageKey, vars?: Vars) => interpolate(messages[i18n.locale][key], vars);
  return { ...i18n, mt };
}

/** A failed mall request in the member's words. */
export function mallErrorText(
  error: unknown,
  mt: (key: MallMessageKey, vars?: Vars) => string,
  t: Parameters<typeof errorText>[1],
): string {
  if (!(error instanceof ApiError)) return errorText(error, t);
  const details = (error.details ?? {}) as {
    reason?: string;
    available?: number;
    requested?: number;
    status?: string;
  };
  switch (error.code) {
    case "insufficient_balance":
      return mt("errorInsufficient", {
        available: details.available ?? 0,
        requested: details.requested ?? 0,
      });
    case "out_of_stock":
      return mt("errorOutOfStock");
    case "limit_reached":
      return mt("errorLimit");
    case "already_done":
      return mt("errorAlreadyDone");
    case "not_found":
      return mt("itemNotFound");
    case "unprocessable":
      if (details.reason === "not_started") return mt("errorNotStarted");
      if (details.reason === "ended") return mt("errorEnded");
      if (details.reason === "inactive") return mt("errorInactive");
      return errorText(error, t);
    case "conflict":
      return details.status === "verified" ? mt("errorPickedUp") : errorText(error, t);
    default:
      return errorText(error, t);
  }
}
