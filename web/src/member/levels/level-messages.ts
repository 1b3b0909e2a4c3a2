// The member level card's strings (zh-CN first; English for visitors who switch).
import { interpolate } from "../../shared/i18n/interpolate";
import type { MemberLocale } from "../messages";

const zhCN = {
  title: "我的等级",
  growth: "成长值 {value}",
  next: "再获得 {missing} 成长值升级为 {name}",
  nextSpend: "再消费 {missing} 升级为 {name}",
  top: "您已是最高等级",
  benefits: "我的权益",
  multiplier: "消费积分 {value} 倍",
  discount: "会员折扣 {value} 折",
  birthday: "生日礼 {points} 积分",
  gift: "赠品：{name}",
  noBenefits: "升级后可享更多权益",
  protectedUntil: "保级至 {date}",
  loadFailed: "等级加载失败，点击重试",
  window: "近 12 个月累计",
};

const en: Record<keyof typeof zhCN, string> = {
  title: "My level",
  growth: "Growth {value}",
  next: "{missing} more growth to reach {name}",
  nextSpend: "Spend {missing} more to reach {name}",
  top: "You are at the top level",
  benefits: "My benefits",
  multiplier: "{value}× points on purchases",
  discount: "{value}% member discount",
  birthday: "{points} points on your birthday",
  gift: "Gift: {name}",
  noBenefits: "Reach the next level for more benefits",
  protectedUntil: "Level kept until {date}",
  loadFailed: "Could not load your level. Tap to retry",
  window: "over the last 12 months",
};

export type LevelMessageKey = keyof typeof zhCN;

export function levelText(
  locale: MemberLocale,
  key: LevelMessageKey,
  vars?: Record<string, string | number>,
) {
  return interpolate((locale === "en" ? en : zhCN)[key], vars);
}

/** 5 (% off) → "9.5" 折 in Chinese. */
export function zheOf(discountPercent: number): string {
  return String((100 - discountPercent) / 10);
}
