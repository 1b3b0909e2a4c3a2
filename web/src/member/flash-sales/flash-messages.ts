// The flash sale screens' member-page strings (zh-CN first; English for visitors who switch).
import { ApiError } from "../../shared/api";
import { interpolate } from "../../shared/i18n/interpolate";
import { errorText } from "../error-text";
import { useI18n } from "../i18n";

const zhCN = {
  flashSales: "限时抢购",
  entryHint: "特价商品，限时限量",
  myPurchases: "我的抢购",
  startsIn: "距开始",
  endsIn: "距结束",
  ended: "已结束",
  day: "天",
  left: "剩余 {left} 件",
  leftOf: "剩余 {left} / {stock} 件",
  limit: "每人限购 {limit} 件，你还可买 {remaining} 件",
  paymentRule: "下单后请在 {minutes} 分钟内到店或在收银台付款，超时未付款订单自动取消、库存释放",
  buy: "立即抢购",
  soldOut: "已抢光",
  notStarted: "即将开始",
  limitReached: "已达限购数量",
  paused: "活动已暂停",
  notInAudience: "仅限指定会员",
  confirmTitle: "确认抢购",
  confirmBody: "「{item}」× {quantity}，应付 {amount}",
  quantity: "数量",
  confirm: "确认抢购",
  cancel: "取消",
  bought: "抢购成功，请尽快付款",
  code: "订单码",
  showCode: "付款时向店员出示订单码",
  payWithin: "剩余付款时间",
  statusHeld: "待付款",
  statusConfirmed: "已付款",
  statusReleased: "已取消",
  releasedExpired: "超时未付款，已取消",
  releasedCancelled: "订单已取消",
  confirmedAt: "{time} 已付款",
  noSales: "现在没有抢购活动",
  noSalesHint: "店铺开启限时抢购后会出现在这里，记得常来看看",
  noPurchases: "还没有抢购订单",
  noPurchasesHint: "在限时抢购下单后，订单码和付款倒计时会出现在这里",
  goToSales: "去看看限时抢购",
  back: "返回",
  loadFailed: "加载失败",
  retry: "重试",
  saleNotFound: "找不到这个抢购活动，可能已结束",
  errorSoldOut: "手慢了，已经抢光",
  errorLimit: "已达到每人限购数量",
  errorNotStarted: "抢购还没开始",
  errorEnded: "抢购已结束",
  errorPaused: "活动已暂停",
  errorNotInAudience: "这个抢购仅限指定会员参加",
};

export type FlashMessageKey = keyof typeof zhCN;

const en: Record<FlashMessageKey, string> = {
  flashSales: "Flash sales",
  entryHint: "Special prices, limited time and stock",
  myPurchases: "My flash orders",
  startsIn: "Starts in",
  endsIn: "Ends in",
  ended: "Ended",
  day: "d",
  left: "{left} left",
  leftOf: "{left} of {stock} left",
  limit: "Limit {limit} per member, {remaining} more for you",
  paymentRule:
    "Pay at the store or the till within {minutes} minutes of ordering; unpaid orders are cancelled and the stock released",
  buy: "Buy now",
  soldOut: "Sold out",
  notStarted: "Starting soon",
  limitReached: "Limit reached",
  paused: "Paused",
  notInAudience: "For selected members",
  confirmTitle: "Confirm order",
  confirmBody: "“{item}” × {quantity}, {amount} to pay",
  quantity: "Quantity",
  confirm: "Order",
  cancel: "Cancel",
  bought: "Got it! Please pay soon",
  code: "Order code",
  showCode: "Show the order code to the clerk when you pay",
  payWithin: "Time left to pay",
  statusHeld: "Awaiting payment",
  statusConfirmed: "Paid",
  statusReleased: "Cancelled",
  releasedExpired: "Not paid in time: cancelled",
  releasedCancelled: "Order cancelled",
  confirmedAt: "Paid {time}",
  noSales: "No flash sales right now",
  noSalesHint: "Sales appear here when the shop starts one; check back soon",
  noPurchases: "No flash sale orders yet",
  noPurchasesHint: "Order in a flash sale and its code and time left to pay appear here",
  goToSales: "See flash sales",
  back: "Back",
  loadFailed: "Could not load",
  retry: "Retry",
  saleNotFound: "This flash sale is not available, it may have ended",
  errorSoldOut: "Too late: sold out",
  errorLimit: "You have reached the limit for this sale",
  errorNotStarted: "This sale has not started yet",
  errorEnded: "This sale has ended",
  errorPaused: "This sale is paused",
  errorNotInAudience: "This sale is for selected members only",
};

const messages = { "zh-CN": zhCN, en };

type Vars = Record<string, string | number>;

/** The flash sale screens' own t(), plus the member page's for shared words and generic errors. */
export function useFlashText() {
  const i18n = useI18n();
  const ft = (key: FlashMessageKey, vars?: Vars) => interpolate(messages[i18n.locale][key], vars);
  return { ...i18n, ft };
}

const reasonText: Record<string, FlashMessageKey> = {
  not_started: "errorNotStarted",
  ended: "errorEnded",
  paused: "errorPaused",
  not_in_audience: "errorNotInAudience",
};

/** A failed flash sale request in the member's words. */
export function flashErrorText(
  error: unknown,
  ft: (key: FlashMessageKey, vars?: Vars) => string,
  t: Parameters<typeof errorText>[1],
): string {
  if (!(error instanceof ApiError)) return errorText(error, t);
  const reason = (error.details as { reason?: string } | undefined)?.reason;
  if (error.code === "sold_out") return ft("errorSoldOut");
  if (error.code === "limit_reached") return ft("errorLimit");
  if (error.code === "not_found") return ft("saleNotFound");
  if (error.code === "unprocessable" && reason && reasonText[reason]) return ft(reasonText[reason]);
  return errorText(error, t);
}
