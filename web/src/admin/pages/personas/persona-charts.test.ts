import { describe, expect, it } from "vitest";
import { bandRange, barOption, type LabelContext, rowsOf, sliceLabel } from "./persona-charts";

const ctx: LabelContext = {
  locale: "en",
  unknown: "Unknown",
  unscored: "Not scored yet",
  genders: { male: "Male", female: "Female" },
  rfmClasses: { important_value: { "zh-CN": "重要价值客户", en: "Important value" } },
  formatYuan: (n) => `¥${n.toLocaleString("en-US")}`,
  ordersUnit: (range) => `${range} orders`,
  ageUnit: (range) => `${range} y`,
};

describe("persona labels and numbers", () => {
  it("reads the server's band keys", () => {
    expect(bandRange("3_5")).toBe("3–5");
    expect(bandRange("11_plus")).toBe("11+");
    expect(bandRange("under_18")).toBe("<18");
    expect(bandRange("0")).toBe("0");
    expect(sliceLabel("spend", "10000_plus", ctx)).toBe("¥10,000+");
    expect(sliceLabel("spend", "100_500", ctx)).toBe("¥100–¥500");
    expect(sliceLabel("orderCounts", "1", ctx)).toBe("1 orders");
    expect(sliceLabel("ageBands", "25_34", ctx)).toBe("25–34 y");
    expect(sliceLabel("rfmClasses", "important_value", ctx)).toBe("Important value");
    expect(sliceLabel("rfmClasses", "important_value", { ...ctx, locale: "zh-CN" })).toBe("重要价值客户");
    expect(sliceLabel("gender", null, ctx)).toBe("Unknown");
    expect(sliceLabel("rfmClasses", null, ctx)).toBe("Not scored yet");
    expect(sliceLabel("regions", "浙江", ctx)).toBe("浙江");
  });

  it("computes shares and shows them on hover", () => {
    const rows = rowsOf(
      "gender",
      [
        { key: "female", count: 3 },
        { key: "male", count: 1 },
      ],
      ctx,
    );
    expect(rows).toEqual([
      { label: "Female", count: 3, share: 0.75 },
      { label: "Male", count: 1, share: 0.25 },
    ]);
    const option = barOption(rows);
    expect(option.series[0]?.data).toEqual([3, 1]);
    expect(option.tooltip.formatter([{ name: "Male", value: 1, dataIndex: 1 }])).toBe("Male<br/>1 (25.0%)");
    expect(rowsOf("gender", [], ctx)).toEqual([]);
  });
});
