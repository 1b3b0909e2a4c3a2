import { describe, expect, it } from "vitest";
import type { Dashboard, DashboardDay } from "../../../shared/api-types";
import { dailyInsightRows, layerTrendOption, rateTrendOption, rfmBarOption } from "./insight-chart-options";

function dashboard(days: number): Dashboard {
  const daily: DashboardDay[] = Array.from({ length: days }, (_, i) => ({
    date: new Date(Date.parse("2026-09-02T00:00:00Z") + i * 86_400_000).toISOString().slice(0, 10),
    orders: 0,
    gmv: 0,
    newCustomers: 0,
    liveCustomers: 10,
    activeCustomers: i % 10,
    repeatCustomers: 1,
    activeRate: (i % 10) / 10,
    repurchaseRate: 1 / 3,
  }));
  return {
    daily,
    layers: [
      { id: "a", name: "核心", nameEn: "Core", position: 1, customers: 2, daily: daily.map((_, i) => i) },
      { id: "b", name: "旧层", nameEn: null, position: null, customers: 0, daily: daily.map(() => 1) },
    ],
    rfm: { asOf: "2026-11-30", classes: [] },
  } as unknown as Dashboard;
}

describe("dashboard insight charts", () => {
  it("shows rates in percent to two places, the last day of each week", () => {
    const option = rateTrendOption(dashboard(90), { active: "A", repurchase: "R" });
    expect(option.xAxis.data).toHaveLength(13);
    expect(option.series[0]?.data[0]).toBe(60); // 9 Sep: day index 6 → 6/10
    expect(option.series[1]?.data[0]).toBe(33.33);
  });

  it("stacks each layer at its bucket's last day", () => {
    const option = layerTrendOption(dashboard(90), (l) => l.nameEn ?? l.name);
    expect(option.legend.data).toEqual(["Core", "旧层"]);
    expect(option.series[0]?.data.slice(0, 2)).toEqual([6, 13]);
    expect(option.series[1]?.data.every((n) => n === 1)).toBe(true);
  });

  it("lists the RFM classes top to bottom with their share on hover", () => {
    const option = rfmBarOption(
      [
        { class: "important_value", customers: 3 },
        { class: "general_retain", customers: 1 },
      ],
      (c) => c,
      { important_value: "#f00", general_retain: "#00f" } as never,
    );
    expect(option.yAxis.data).toEqual(["general_retain", "important_value"]);
    expect(option.tooltip.formatter({ name: "important_value", value: 3 })).toBe("important_value: 3 (75%)");
  });

  it("writes one CSV row per day with every layer", () => {
    const { header, rows } = dailyInsightRows(dashboard(2), (l) => l.name);
    expect(header.slice(-2)).toEqual(["核心", "旧层"]);
    expect(rows[1]).toEqual(["2026-09-03", 10, 1, 1, 0.1, 0.3333, 1, 1]);
  });
});
