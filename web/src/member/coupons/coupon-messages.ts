// The member page's coupon strings (我的优惠券, 领券中心, 兑换码), zh-CN first; English for visitors
// who switch. Kept beside the screens, as the mall does, so the shared messages file stays small.
import { ApiError } from "../../shared/api";
import { interpolate } from "../../shared/i18n/interpolate";
import { errorText } from "../error-text";

const zhCN = {
  coupons: "优惠券",
  myCoupons: "我的优惠券",
  couponsEntryHint: "到店出示券码即可抵扣",
  couponCentre: "领券中心",
  couponCentreHint: "免费领取店铺优惠券",
  tabAvailable: "可使用",
  tabUsed: "已使用",
  tabExpired: "已过期",
  statusAvailable: "可使用",
  statusReserved: "使用中",
  statusRedeemed: "已使用",
  statusExpired: "已过期",
  statusVoid: "已作废",
  noMinimum: "无门槛",
  minSpend: "满{amount}可用",
  tiers: "满{min}减{off}",
  percentValue: "{zhe}折",
  maxDiscount: "最高减{amount}",
  firstOrderOnly: "仅限首单",
  giftValue: "赠品",
  giftLine: "赠{name} × {quantity}",
  exchangeValue: "兑换",
  exchangeLine: "兑换{sku} × {quantity}",
  everywhere: "全场通用",
  someStores: "限指定门店使用",
  onlyCategories: "限品类：{list}",
  onlySkus: "限指定商品：{list}",
  exceptCategories: "不含品类：{list}",
  exceptSkus: "不含商品：{list}",
  weekdays: "仅{days}可用",
  hours: "{from}–{to} 可用",
  weekdayNames: "周一,周二,周三,周四,周五,周六,周日",
  listSeparator: "、",
  validUntil: "有效期至 {time}",
  validRange: "{from} 至 {until}",
  validDays: "领取后 {days} 天内有效",
  usedAt: "{time} 已使用",
  expiredAt: "{time} 已过期",
  useNow: "去使用",
  showAtCounter: "到店结账时向店员出示二维码或券码",
  couponCode: "券码",
  couponDetail: "优惠券详情",
  rules: "使用规则",
  description: "说明",
  noAvailable: "还没有可用的优惠券",
  noAvailableHint: "去领券中心领一张，或输入店员给你的兑换码",
  noUsed: "还没有用过优惠券",
  noUsedHint: "到店结账时出示可用的优惠券，用过的会出现在这里",
  noExpired: "没有过期的优惠券",
  noExpiredHint: "快过期的券会排在「可使用」最前面，记得及时使用",
  goToCentre: "去领券中心",
  claim: "立即领取",
  claimAgain: "再领一张",
  claimed: "领取成功，已放入我的优惠券",
  claimedCount: "已领 {count} 张",
  remaining: "剩余 {count} 张",
  myRemaining: "每人限领，还可领 {count} 张",
  soldOut: "已领完",
  limitReached: "已达领取上限",
  centreEmpty: "暂时没有可以领取的优惠券",
  centreEmptyHint: "店铺发布新券后会出现在这里；也可以输入兑换码领取",
  bindCode: "兑换码",
  bindTitle: "输入兑换码",
  bindHint: "输入店员或活动给你的 12 位兑换码，空格和横线可不输",
  bindPlaceholder: "例如 ABCD EFGH JKMN",
  bindSubmit: "兑换",
  bindBadCode: "兑换码是 12 位字母和数字，请检查后重新输入",
  bound: "兑换成功，已放入我的优惠券",
  alreadyMine: "这张券已经在你的优惠券里了",
  back: "返回",
  retry: "重试",
  loadFailed: "加载失败",
  couponNotFound: "找不到这张优惠券",
  errorOutOfStock: "券已被领完",
  errorLimit: "已达到每人领取上限",
  errorNotClaimable: "这张券不能在领券中心领取",
  errorPaused: "活动已暂停",
  errorEnded: "活动已结束",
  errorNotInAudience: "这张券只发给特定会员，你暂时不能领取",
  errorCodeNotFound: "兑换码不存在，请检查后重新输入",
  errorCodeTaken: "这个兑换码已经被使用",
  errorCodeUnusable: "这个兑换码已过期或已使用",
};

export type CouponMessageKey = keyof typeof zhCN;

const en: Record<CouponMessageKey, string> = {
  coupons: "Coupons",
  myCoupons: "My coupons",
  couponsEntryHint: "Show a coupon's code at the store to use it",
  couponCentre: "Coupon centre",
  couponCentreHint: "Free coupons from the shop",
  tabAvailable: "Available",
  tabUsed: "Used",
  tabExpired: "Expired",
  statusAvailable: "Available",
  statusReserved: "In use",
  statusRedeemed: "Used",
  statusExpired: "Expired",
  statusVoid: "Void",
  noMinimum: "No minimum spend",
  minSpend: "On {amount} or more",
  tiers: "{off} off {min}",
  percentValue: "{percent}% off",
  maxDiscount: "up to {amount} off",
  firstOrderOnly: "First order only",
  giftValue: "Gift",
  giftLine: "Free {name} × {quantity}",
  exchangeValue: "Free item",
  exchangeLine: "{sku} × {quantity} free",
  everywhere: "Valid on everything",
  someStores: "Selected stores only",
  onlyCategories: "Only {list}",
  onlySkus: "Only items {list}",
  exceptCategories: "Not on {list}",
  exceptSkus: "Not on items {list}",
  weekdays: "{days} only",
  hours: "{from}–{to} only",
  weekdayNames: "Mon,Tue,Wed,Thu,Fri,Sat,Sun",
  listSeparator: ", ",
  validUntil: "Valid until {time}",
  validRange: "{from} to {until}",
  validDays: "Valid for {days} days after you claim it",
  usedAt: "Used {time}",
  expiredAt: "Expired {time}",
  useNow: "Use",
  showAtCounter: "Show the QR code or the code to the clerk when you pay at the store",
  couponCode: "Coupon code",
  couponDetail: "Coupon",
  rules: "How to use",
  description: "Details",
  noAvailable: "No coupons to use yet",
  noAvailableHint: "Claim one in the coupon centre, or enter a code the store gave you",
  noUsed: "No coupons used yet",
  noUsedHint: "Show an available coupon when you pay at the store; used ones appear here",
  noExpired: "No expired coupons",
  noExpiredHint: "Coupons expiring soonest come first under Available — use them in time",
  goToCentre: "Go to the coupon centre",
  claim: "Claim",
  claimAgain: "Claim another",
  claimed: "Claimed — it is in My coupons",
  claimedCount: "{count} claimed",
  remaining: "{count} left",
  myRemaining: "You may claim {count} more",
  soldOut: "All claimed",
  limitReached: "Limit reached",
  centreEmpty: "No coupons to claim right now",
  centreEmptyHint: "New coupons from the shop appear here; you can also enter a code",
  bindCode: "Enter code",
  bindTitle: "Enter a coupon code",
  bindHint: "The 12-character code the store gave you; spaces and dashes are optional",
  bindPlaceholder: "e.g. ABCD EFGH JKMN",
  bindSubmit: "Redeem code",
  bindBadCode: "A code has 12 letters and digits; please check it and try again",
  bound: "Done — the coupon is in My coupons",
  alreadyMine: "This coupon is already in your coupons",
  back: "Back",
  retry: "Retry",
  loadFailed: "Could not load",
  couponNotFound: "This coupon could not be found",
  errorOutOfStock: "All of these coupons have been claimed",
  errorLimit: "You have claimed as many as allowed",
  errorNotClaimable: "This coupon cannot be claimed here",
  errorPaused: "This promotion is paused",
  errorEnded: "This promotion has ended",
  errorNotInAudience: "This coupon is for selected members only",
  errorCodeNotFound: "No coupon has this code; please check it",
  errorCodeTaken: "This code has already been used",
  errorCodeUnusable: "This code has expired or was used",
};

const messages = { "zh-CN": zhCN, en };

export type CouponText = (key: CouponMessageKey, vars?: Record<string, string | number>) => string;

export function couponTextOf(locale: keyof typeof messages): CouponText {
  return (key, vars) => interpolate(messages[locale][key], vars);
}

/** A failed coupon request in the member's words. */
export function couponErrorText(error: unknown, ct: CouponText, t: Parameters<typeof errorText>[1]): string {
  if (!(error instanceof ApiError)) return errorText(error, t);
  const reason = (error.details as { reason?: string } | undefined)?.reason;
  switch (error.code) {
    case "out_of_stock":
      return ct("errorOutOfStock");
    case "limit_reached":
      return ct("errorLimit");
    case "already_done":
      return ct("errorCodeTaken");
    case "not_found":
      return ct("errorCodeNotFound");
    case "unprocessable":
      if (reason === "limit_reached") return ct("errorLimit");
      if (reason === "not_claimable") return ct("errorNotClaimable");
      if (reason === "paused") return ct("errorPaused");
      if (reason === "ended") return ct("errorEnded");
      if (reason === "not_in_audience") return ct("errorNotInAudience");
      if (reason === "expired_or_used") return ct("errorCodeUnusable");
      return errorText(error, t);
    case "validation_failed":
      return ct("bindBadCode");
    default:
      return errorText(error, t);
  }
}
