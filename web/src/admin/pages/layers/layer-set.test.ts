import { describe, expect, it } from "vitest";
import type { Layer } from "../../../shared/api-types";
import { addLayer, draftsOf, layerProblemsOf, layerSetBody, moveLayer, removeLayer } from "./layer-set";

const saved: Layer[] = [
  {
    id: "a",
    position: 1,
    name: "核心",
    nameEn: "Core",
    rule: { all: [] },
    isDefault: false,
    customerCount: 1,
  },
  {
    id: "b",
    position: 2,
    name: "活跃",
    nameEn: "Active",
    rule: { any: [] },
    isDefault: false,
    customerCount: 2,
  },
  { id: "c", position: 3, name: "普通", nameEn: "Regular", rule: null, isDefault: true, customerCount: 3 },
];

describe("layer set editing", () => {
  it("adds above the catch-all and keeps the catch-all last when moving", () => {
    const added = addLayer(draftsOf(saved), "新", "New");
    expect(added.map((d) => d.name)).toEqual(["核心", "活跃", "新", "普通"]);
    expect(moveLayer(added, 2, 1).map((d) => d.name)).toEqual(["核心", "活跃", "新", "普通"]);
    expect(moveLayer(added, 2, -1).map((d) => d.name)).toEqual(["核心", "新", "活跃", "普通"]);
    expect(moveLayer(added, 0, -1).map((d) => d.name)).toEqual(["核心", "活跃", "新", "普通"]);
  });

  it("never removes the catch-all or goes below two layers", () => {
    const drafts = draftsOf(saved);
    expect(removeLayer(drafts, 2)).toHaveLength(3);
    expect(removeLayer(drafts, 0).map((d) => d.name)).toEqual(["活跃", "普通"]);
    expect(removeLayer(removeLayer(drafts, 0), 0)).toHaveLength(2);
  });

  it("sends ids of saved layers, rules on all but the last", () => {
    const body = layerSetBody(addLayer(draftsOf(saved), "新", "New"));
    expect(body.layers[0]).toEqual({ id: "a", name: "核心", nameEn: "Core", rule: { all: [] } });
    expect(body.layers[2]).toMatchObject({ name: "新", rule: { all: [{ field: "metrics.orderCount" }] } });
    expect("id" in (body.layers[2] ?? {})).toBe(false);
    expect(body.layers[3]).toEqual({ id: "c", name: "普通", nameEn: "Regular" });
  });
});

describe("layerProblemsOf", () => {
  it("puts a rule issue on its layer with the path inside the rule", () => {
    const p = layerProblemsOf(
      {
        path: "layers[1].rule.all[0].value",
        issues: [{ path: "layers[1].rule.all[0].value", message: "bad" }],
      },
      "Invalid rule",
    );
    expect(p.rules.get(1)).toEqual([{ path: "all[0].value", message: "bad" }]);
    expect(p.general).toEqual([]);
  });

  it("reads a whole-rule issue, a field from the service and request-schema paths", () => {
    expect(layerProblemsOf({ issues: [{ path: "layers[0].rule", message: "x" }] }, "m").rules.get(0)).toEqual(
      [{ path: "", message: "x" }],
    );
    expect(layerProblemsOf({ field: "layers[2].name" }, "Same name").fields.get(2)).toEqual({
      name: "Same name",
    });
    const zod = layerProblemsOf({ issues: [{ path: "body.layers.1.nameEn", message: "Too small" }] }, "m");
    expect(zod.fields.get(1)).toEqual({ nameEn: "Too small" });
    const nested = layerProblemsOf(
      { issues: [{ path: "body.layers.0.rule.all.2.op", message: "bad op" }] },
      "m",
    );
    expect(nested.rules.get(0)).toEqual([{ path: "all[2].op", message: "bad op" }]);
  });

  it("keeps what names no layer as a general message", () => {
    expect(layerProblemsOf({ field: "layers" }, "A layer id appears twice").general).toEqual([
      "A layer id appears twice",
    ]);
    expect(layerProblemsOf(undefined, "Server down").general).toEqual(["Server down"]);
  });
});
