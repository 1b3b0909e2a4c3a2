import { describe, expect, it } from "vitest";
import type { LayerFlow } from "../../../shared/api-types";
import { flowCsv, flowMatrix, sankeyData } from "./flow-report";

const flow: LayerFlow = {
  from: "2026-11-01",
  to: "2026-11-30",
  fromAt: "",
  toAt: "",
  timeZone: "Asia/Shanghai",
  layers: [
    { id: "core", name: "核心", nameEn: "Core", position: 1 },
    { id: "new", name: "新客", nameEn: "New", position: 2 },
    { id: "old", name: "旧层", nameEn: null, position: null },
  ],
  matrix: [
    { fromLayerId: null, toLayerId: "new", count: 5 },
    { fromLayerId: "new", toLayerId: "core", count: 2 },
    { fromLayerId: "new", toLayerId: "new", count: 3 },
    { fromLayerId: "old", toLayerId: "new", count: 1 },
  ],
  totals: { customers: 11, stayed: 3, moved: 8, atFrom: [], atTo: [] },
};
const name = (key: string | null) => flow.layers.find((l) => l.id === key)?.name ?? "无";

describe("flow report", () => {
  it("has a row for no layer only when someone came from nowhere, with totals both ways", () => {
    const m = flowMatrix(flow);
    expect(m.rows).toEqual(["core", "new", "old", null]);
    expect(m.columns).toEqual(["core", "new", "old"]);
    expect(m.rowTotal("new")).toBe(5);
    expect(m.columnTotal("new")).toBe(9);
    expect(m.total).toBe(11);
  });

  it("links left names to right names kept distinct by a zero-width space", () => {
    const s = sankeyData(flow, name);
    expect(s.links).toContainEqual({ source: "新客", target: "新客\u200b", value: 3 });
    expect(s.links).toContainEqual({ source: "无", target: "新客\u200b", value: 5 });
    expect(s.nodes).toHaveLength(5);
  });

  it("writes the matrix as CSV with totals", () => {
    const { header, rows } = flowCsv(flowMatrix(flow), name, "合计");
    expect(header).toEqual(["", "核心", "新客", "旧层", "合计"]);
    expect(rows.at(-1)).toEqual(["合计", 2, 9, 0, 11]);
    expect(rows[3]).toEqual(["无", 0, 5, 0, 5]);
  });
});
