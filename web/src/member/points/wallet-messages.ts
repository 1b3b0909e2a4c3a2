// The member page's points and stored-value strings (zh-CN first; English for visitors who switch).
import { interpolate } from "../../shared/i18n/interpolate";
import type { MemberLocale } from "../messages";

const zhCN = {
  points: "我的积分",
  pointsUnit: "积分",
  available: "可用 {points}",
  pending: "待生效 {points}",
  pendingHint: "消费所得积分过了退款期后即可使用",
  expiring: "{points} 积分将于 {date} 过期",
  pointsHistory: "积分明细",
  noPoints: "消费即可获得积分",
  noPointsHistory: "还没有积分记录",
  noPointsHistoryHint: "在门店消费时报手机号，所得积分会出现在这里",
  storedValue: "我的储值",
  principal: "本金 {amount}",
  bonus: "赠送 {amount}",
  storedValueHistory: "储值明细",
  noStoredValue: "到店充值后可直接用余额付款",
  noStoredValueHistory: "还没有储值记录",
  noStoredValueHistoryHint: "到店充值或用余额消费后会出现在这里",
  details: "明细",
  balanceAfter: "余额 {balance}",
  loadFailed: "加载失败，点击重试",
};

const en: Record<keyof typeof zhCN, string> = {
  points: "My points",
  pointsUnit: "points",
  available: "{points} available",
  pending: "{points} pending",
  pendingHint: "Points from a purchase can be used once its refund window has passed",
  expiring: "Expiring on {date}: {points} points",
  pointsHistory: "Points history",
  noPoints: "Shop with us to earn points",
  noPointsHistory: "No points yet",
  noPointsHistoryHint: "Give your phone number when you shop; the points you earn show here",
  storedValue: "My stored value",
  principal: "Paid in {amount}",
  bonus: "Bonus {amount}",
  storedValueHistory: "Stored-value history",
  noStoredValue: "Top up in store, then pay from your balance",
  noStoredValueHistory: "No stored-value activity yet",
  noStoredValueHistoryHint: "Top-ups and payments from your balance show here",
  details: "Details",
  balanceAfter: "Balance {balance}",
  loadFailed: "Could not load. Tap to retry",
};

export type WalletMessageKey = keyof typeof zhCN;

export function walletText(
  locale: MemberLocale,
  key: WalletMessageKey,
  vars?: Record<string, string | number>,
) {
  return interpolate((locale === "en" ? en : zhCN)[key], vars);
}
