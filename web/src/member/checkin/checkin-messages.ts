// The check-in card's and the new-member gift notice's strings (zh-CN first; English for visitors who switch).
import { interpolate } from "../../shared/i18n/interpolate";
import { useI18n } from "../i18n";
import type { MemberLocale } from "../messages";

const zhCN = {
  title: "每日签到",
  streak: "已连续签到 {days} 天",
  noStreak: "今天签到，开始连续签到",
  checkIn: "签到 +{points} 积分",
  checkInNoPoints: "立即签到",
  checkedIn: "今日已签到",
  tomorrow: "明天签到可得 {points} 积分",
  checkedInToast: "签到成功，+{points} 积分",
  checkedInToastNoPoints: "签到成功",
  points: "可用积分 {points}",
  dayN: "第{day}天",
  couponBadge: "券",
  calendarLegend: "✓ 已签到　补 已补签　点击可补签的日子补签",
  madeUpMark: "补",
  makeUpMark: "补签",
  makeUpTitle: "补签 {date}",
  makeUpConfirm:
    "补签将消耗 {cost} 积分（当前可用 {available}），本月已补签 {used}/{limit} 次。补签不发奖励，只把连续天数接上。",
  makeUpFree: "本次补签不消耗积分，本月已补签 {used}/{limit} 次。补签不发奖励，只把连续天数接上。",
  makeUpOk: "确认补签",
  makeUpCancel: "取消",
  makeUpDone: "已补签 {date}",
  makeUpShort: "积分不足：补签需要 {cost} 积分，当前可用 {available}",
  makeUpUsedUp: "本月的 {limit} 次补签已用完",
  errorAlreadyDone: "这一天已经签过了",
  errorLimit: "本月补签次数已用完",
  errorShort: "积分不足，无法补签",
  errorClosed: "本店暂未开放签到",
  loadFailed: "签到加载失败，点击重试",
  welcomeTitle: "欢迎加入！新人礼已送达",
  welcomePoints: "{points} 积分已到账",
  welcomeItems: "到店出示会员页即可领取：{items}",
  welcomeCoupon: "首单优惠券将在上线后自动发放到你的账户",
  welcomeOk: "知道了",
};

const en: Record<keyof typeof zhCN, string> = {
  title: "Daily check-in",
  streak: "{days}-day streak",
  noStreak: "Check in today to start a streak",
  checkIn: "Check in +{points} points",
  checkInNoPoints: "Check in",
  checkedIn: "Checked in today",
  tomorrow: "Tomorrow earns {points} points",
  checkedInToast: "Checked in, +{points} points",
  checkedInToastNoPoints: "Checked in",
  points: "{points} points available",
  dayN: "Day {day}",
  couponBadge: "Coupon",
  calendarLegend: "✓ checked in · “Made up”: a made-up day · tap “Make up” on a missed day",
  madeUpMark: "Made up",
  makeUpMark: "Make up",
  makeUpTitle: "Make up {date}",
  makeUpConfirm:
    "A make-up costs {cost} points ({available} available); {used} of {limit} used this month. It earns no reward, it joins your streak back up.",
  makeUpFree:
    "This make-up is free; {used} of {limit} used this month. It earns no reward, it joins your streak back up.",
  makeUpOk: "Make up",
  makeUpCancel: "Cancel",
  makeUpDone: "{date} made up",
  makeUpShort: "Not enough points: a make-up costs {cost}, you have {available}",
  makeUpUsedUp: "All {limit} make-ups of this month are used",
  errorAlreadyDone: "That day is already checked in",
  errorLimit: "No make-ups left this month",
  errorShort: "Not enough points for a make-up",
  errorClosed: "This shop has no daily check-in yet",
  loadFailed: "Could not load check-in. Tap to retry",
  welcomeTitle: "Welcome! Your new-member gift is here",
  welcomePoints: "{points} points added",
  welcomeItems: "Show your member page in a store to collect: {items}",
  welcomeCoupon: "Your first-order coupon will arrive in your account once coupons launch",
  welcomeOk: "OK",
};

export type CheckinMessageKey = keyof typeof zhCN;

export function checkinText(
  locale: MemberLocale,
  key: CheckinMessageKey,
  vars?: Record<string, string | number>,
) {
  return interpolate((locale === "en" ? en : zhCN)[key], vars);
}

export function useCheckinText() {
  const { locale } = useI18n();
  return (key: CheckinMessageKey, vars?: Record<string, string | number>) => checkinText(locale, key, vars);
}
