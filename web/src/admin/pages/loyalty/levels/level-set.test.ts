import { describe, expect, it } from "vitest";
import type { MemberLevel } from "../../../../shared/api-types";
import { levelCountsCsv, levelCountsOption } from "./level-chart";
import {
  addLevel,
  defaultSettings,
  draftsOf,
  levelProblemsOf,
  levelSetBody,
  removeLevel,
  suggestedLevels,
  thresholdUnit,
  updateLevel,
} from "./level-set";

const saved: MemberLevel[] = [
  {
    id: "a",
    position: 1,
    name: "普通",
    nameEn: "Basic",
    threshold: 0,
    pointsMultiplierPercent: 100,
    discountPercent: 0,
    birthdayGiftPoints: 0,
    freeGifts: [],
    rewardPoints: 0,
    rewardCoupon: null,
    memberCount: 3,
  },
  {
    id: "b",
    position: 2,
    name: "金卡",
    nameEn: "Gold",
    threshold: 500_000,
    pointsMultiplierPercent: 150,
    discountPercent: 5,
    birthdayGiftPoints: 100,
    freeGifts: ["蛋糕"],
    rewardPoints: 200,
    rewardCoupon: { templateId: "t1", quantity: 1 },
    memberCount: 1,
  },
];

describe("level ladder editing", () => {
  it("round-trips saved levels into the PUT body, keeping ids and dropping screen keys and blank gifts", () => {
    const drafts = updateLevel(draftsOf(saved), 1, { freeGifts: ["蛋糕", "  ", " 鲜花 "] });
    const body = levelSetBody(defaultSettings, drafts);
    expect(body.levels.map((l) => l.id)).toEqual(["a", "b"]);
    expect(body.levels[1]).not.toHaveProperty("key");
    expect(body.levels[1]?.freeGifts).toEqual(["蛋糕", "鲜花"]);
    expect(body.settings).toEqual(defaultSettings);
  });

  it("adds a level above the top with a doubled threshold, and removes by index", () => {
    const added = addLevel(draftsOf(saved), "钻石", "Diamond", 100);
    expect(added.at(-1)).toMatchObject({ name: "钻石", threshold: 1_000_000 });
    expect(added.at(-1)?.id).toBeUndefined();
    expect(addLevel(draftsOf(saved.slice(0, 1)), "银", "Silver", 100).at(-1)?.threshold).toBe(100_000);
    expect(removeLevel(added, 1).map((l) => l.name)).toEqual(["普通", "钻石"]);
  });

  it("suggests a rising ladder starting at 0 on every basis", () => {
    for (const basis of ["spend", "points_earned", "weighted"] as const) {
      const thresholds = suggestedLevels(basis).map((l) => l.threshold);
      expect(thresholds[0]).toBe(0);
      expect([...thresholds].sort((a, b) => a - b)).toEqual(thresholds);
      expect(new Set(thresholds).size).toBe(thresholds.length);
    }
    expect(thresholdUnit("spend")).toBe(100);
    expect(thresholdUnit("points_earned")).toBe(1);
  });

  it("puts the server's complaints on the level and field they name", () => {
    const own = levelProblemsOf({ field: "levels[2].threshold" }, "Level 3 needs a higher threshold");
    expect(own.levels.get(2)).toEqual({ threshold: "Level 3 needs a higher threshold" });
    const validation = levelProblemsOf(
      {
        issues: [
          { path: "body.levels.1.nameEn", message: "too short" },
          { path: "body.settings.protectionDays", message: "max" },
        ],
      },
      "Invalid request",
    );
    expect(validation.levels.get(1)).toEqual({ nameEn: "too short" });
    expect(validation.settings).toEqual({ protectionDays: "max" });
    expect(levelProblemsOf(undefined, "boom").general).toEqual(["boom"]);
  });
});

describe("preview chart", () => {
  const bars = [
    { name: "普通", preview: 5, current: 4 },
    { name: "金卡", preview: 1, current: null },
  ];
  it("draws the preview and, when there is one, the current distribution", () => {
    const option = levelCountsOption(bars, { preview: "预览", current: "当前" });
    expect(option.xAxis.data).toEqual(["普通", "金卡"]);
    expect(option.series.map((s) => s.data)).toEqual([
      [5, 1],
      [4, 0],
    ]);
    const previewOnly = levelCountsOption(
      bars.map((b) => ({ ...b, current: null })),
      { preview: "预览", current: "当前" },
    );
    expect(previewOnly.series).toHaveLength(1);
    expect(levelCountsCsv(bars)).toEqual([
      ["普通", 5, 4],
      ["金卡", 1, ""],
    ]);
  });
});
