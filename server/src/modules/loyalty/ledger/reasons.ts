/**
 * Why a ledger entry exists, in both languages. Entries store the code; members and staff see the
 * text in their language, and a staff note when there is one.
 */
export const ledgerReasons = {
  purchase: { zh: "消费得积分", en: "Points for a purchase" },
  refund_clawback: { zh: "退款扣回积分", en: "Points taken back for a refund" },
  manual_adjust: { zh: "人工调整", en: "Manual adjustment" },
  api_earn: { zh: "系统发放", en: "Issued by an integration" },
  api_spend: { zh: "系统扣减", en: "Spent through an integration" },
  expiry: { zh: "过期", en: "Expired" },
  checkin: { zh: "每日签到", en: "Daily check-in" },
  checkin_makeup: { zh: "补签消耗", en: "Make-up check-in" },
  welcome_gift: { zh: "新人礼", en: "Welcome gift" },
  profile_completed: { zh: "完善资料奖励", en: "Completed profile" },
  level_reward: { zh: "升级奖励", en: "Level-up reward" },
  birthday_gift: { zh: "生日礼", en: "Birthday gift" },
  mall_exchange: { zh: "积分商城兑换", en: "Points mall exchange" },
  mall_cancel: { zh: "兑换取消退回", en: "Exchange cancelled, points returned" },
  referral: { zh: "推荐奖励", en: "Referral reward" },
  participation: { zh: "活动参与奖励", en: "Activity reward" },
  topup: { zh: "储值充值", en: "Top-up" },
  topup_bonus: { zh: "充值赠送", en: "Top-up bonus" },
  topup_refund: { zh: "充值退款", en: "Top-up refunded" },
  checkout: { zh: "储值消费", en: "Paid from stored value" },
  checkout_refund: { zh: "消费退款退回储值", en: "Purchase refunded to stored value" },
  reversal: { zh: "冲正", en: "Reversed" },
  customer_merge: { zh: "合并顾客转入/转出", en: "Moved by a customer merge" },
} as const satisfies Record<string, { zh: string; en: string }>;

export type ReasonCode = keyof typeof ledgerReasons;
export const reasonCodes = Object.keys(ledgerReasons) as [ReasonCode, ...ReasonCode[]];

export function describeReason(code: string): { code: string; zh: string; en: string } {
  const text = ledgerReasons[code as ReasonCode];
  return text ? { code, ...text } : { code, zh: code, en: code };
}
