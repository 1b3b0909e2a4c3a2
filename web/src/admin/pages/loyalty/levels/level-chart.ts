// The preview bar chart: members per level for the ladder on screen beside the saved ladder's now.

export type LevelBar = { name: string; preview: number; current: number | null };

/** An ECharts option: one bar per level (lowest first), the numbers on hover and above each bar. */
export function levelCountsOption(bars: readonly LevelBar[], labels: { preview: string; current: string }) {
  const showCurrent = bars.some((b) => b.current !== null);
  const series = [
    {
      name: labels.preview,
      type: "bar",
      data: bars.map((b) => b.preview),
      label: { show: true, position: "top" },
      itemStyle: { color: "#1677ff" },
      barMaxWidth: 48,
    },
  ];
  if (showCurrent) {
    series.push({
      name: labels.current,
      type: "bar",
      data: bars.map((b) => b.current ?? 0),
      label: { show: true, position: "top" },
      itemStyle: { color: "#bfbfbf" },
      barMaxWidth: 48,
    });
  }
  return {
    // Counts change with every edit; bars that grow from zero each time read as flicker.
    animation: false,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { data: series.map((s) => s.name), top: 0 },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: "category", data: bars.map((b) => b.name) },
    yAxis: { type: "value", minInterval: 1 },
    series,
  };
}

/** The CSV of exactly what the chart shows. */
export function levelCountsCsv(bars: readonly LevelBar[]): (string | number)[][] {
  return bars.map((b) => [b.name, b.preview, b.current ?? ""]);
}
