import { describe, expect, it } from "vitest";
import type { CouponRuleView } from "../../shared/api-types";
import { couponTextOf } from "./coupon-messages";
import {
  conditionText,
  couponFace,
  lastValidText,
  normaliseTypedCode,
  scopeLines,
  shortMoney,
  zheOf,
} from "./coupon-text";

const zh = couponTextOf("zh-CN");
const en = couponTextOf("en");
const base = { minSpend: 0, scope: {}, stacking: { exclusive: false, group: "order" } };
const rule = (r: Partial<CouponRuleView>): CouponRuleView => ({ ...base, kind: "amount_off", ...r });

describe("coupon text", () => {
  it("writes money without trailing zeros", () => {
    expect(shortMoney(1000)).toBe("¥10");
    expect(shortMoney(1050)).toBe("¥10.5");
    expect(shortMoney(999)).toBe("¥9.99");
    expect(shortMoney(123456700)).toBe("¥1,234,567");
    expect(zheOf(15)).toBe("8.5");
  });

  it("puts the discount on the face and the threshold under it", () => {
    expect(couponFace(rule({ amountOff: 1000, minSpend: 10000 }), zh, "CNY")).toEqual({
      value: "¥10",
      unit: "money",
      note: "满¥100可用",
    });
    expect(couponFace(rule({ amountOff: 500 }), en, "CNY").note).toBe("No minimum spend");
    const percent = rule({ kind: "percent_off", percentOff: 20, maxDiscount: 3000 });
    expect(couponFace(percent, zh, "CNY")).toMatchObject({ value: "8折", note: "无门槛、最高减¥30" });
    expect(couponFace(percent, en, "CNY").value).toBe("20% off");
    const tiers = rule({
      kind: "threshold",
      tiers: [
        { minSpend: 10000, amountOff: 1000 },
        { minSpend: 20000, amountOff: 2500 },
      ],
    });
    expect(couponFace(tiers, zh, "CNY")).toMatchObject({ value: "¥25", note: "满¥100减¥10、满¥200减¥25" });
    expect(couponFace(rule({ kind: "first_order", amountOff: 800 }), zh, "CNY").note).toBe("仅限首单");
    const gift = rule({
      kind: "gift",
      minSpend: 5000,
      gift: { sku: "cup", name: "杯子", quantity: 1, unitPrice: 900 },
    });
    expect(conditionText(gift, zh, "CNY")).toBe("满¥50可用、赠杯子 × 1");
  });

  it("says where and when it works", () => {
    expect(scopeLines(rule({ amountOff: 100 }), zh)).toEqual(["全场通用"]);
    const limited = rule({
      amountOff: 100,
      scope: { storeIds: ["s"], includeCategories: ["饮品", "甜点"], excludeSkus: ["A", "B", "C", "D"] },
      schedule: { weekdays: [5, 1, 2], hours: { from: "10:00", to: "14:00" } },
    });
    expect(scopeLines(limited, zh)).toEqual([
      "限指定门店使用",
      "限品类：饮品、甜点",
      "不含商品：A、B、C…",
      "仅周一、周二、周五可用",
      "10:00–14:00 可用",
    ]);
    expect(scopeLines(limited, en)[3]).toBe("Mon, Tue, Fri only");
  });

  it("reads a typed code the way the server stores it", () => {
    expect(normaliseTypedCode("abcd-efgh jkmn")).toBe("ABCDEFGHJKMN");
    expect(normaliseTypedCode("ABCD EFGH JKM0")).toBeNull();
    expect(normaliseTypedCode("ABCD")).toBeNull();
  });

  it("shows a validity ending at local midnight as the minute before", () => {
    expect(lastValidText("2026-12-07T16:00:00Z", "Asia/Shanghai")).toBe("2026-12-07 23:59");
    expect(lastValidText("2026-12-07T10:00:00Z", "Asia/Shanghai")).toBe("2026-12-07 18:00");
  });
});
