import { describe, expect, it } from "vitest";
import { quoteLiteral } from "../src/db/batch.js";
import { planDraws } from "../src/modules/loyalty/ledger/plan-draws.js";
import { pointsForLines, withMultiplier } from "../src/modules/loyalty/points/earn-rules.js";
import { pointsExpiryFor } from "../src/modules/loyalty/points/points-expiry.js";

const zone = "Asia/Shanghai";

describe("points expiry in the shop's time zone", () => {
  it("keeps points through the same local day N months later", () => {
    // 2026-01-31 23:30 in Shanghai is still the 31st locally: valid through 2026-02-28.
    const earned = new Date("2026-01-31T15:30:00Z");
    expect(pointsExpiryFor({ kind: "months", months: 1 }, earned, zone)?.toISOString()).toBe(
      "2026-02-28T16:00:00.000Z",
    );
    expect(pointsExpiryFor({ kind: "months", months: 12 }, earned, zone)?.toISOString()).toBe(
      "2027-01-31T16:00:00.000Z",
    );
  });

  it("clears at the end of the year after the earning year, by the local calendar", () => {
    // 2026-12-31 17:00 UTC is already 2027-01-01 in Shanghai.
    expect(pointsExpiryFor({ kind: "year_end" }, new Date("2026-12-31T15:59:00Z"), zone)?.toISOString()).toBe(
      "2027-12-31T16:00:00.000Z",
    );
    expect(pointsExpiryFor({ kind: "year_end" }, new Date("2026-12-31T16:00:00Z"), zone)?.toISOString()).toBe(
      "2028-12-31T16:00:00.000Z",
    );
    expect(pointsExpiryFor({ kind: "none" }, new Date(), zone)).toBeNull();
  });
});

describe("drawing lots", () => {
  const lot = (id: string, kind: "earned" | "principal" | "bonus", remaining: number) => ({
    id,
    kind,
    remaining,
    sourceRef: null,
    pendingUntil: null,
    expiresAt: null,
  });

  it("takes the principal before the bonus, or both in proportion", () => {
    const lots = [lot("b", "bonus", 50), lot("p1", "principal", 300), lot("p2", "principal", 200)];
    expect(planDraws(lots, 520, "principal_first")).toEqual({
      draws: [
        { lotId: "p1", amount: 300 },
        { lotId: "p2", amount: 200 },
        { lotId: "b", amount: 20 },
      ],
      shortfall: 0,
    });
    // 550 held, 1/11 of it bonus: 110 → 10 from the bonus, 100 from the principal.
    expect(planDraws(lots, 110, "pro_rata").draws).toEqual([
      { lotId: "p1", amount: 100 },
      { lotId: "b", amount: 10 },
    ]);
    expect(planDraws(lots, 600, "expiry_first").shortfall).toBe(50);
  });
});

describe("purchase points", () => {
  const rules = [
    {
      id: "1",
      scope: "shop" as const,
      category: null,
      storeId: null,
      stepAmount: 100,
      pointsPerStep: 1,
      active: true,
    },
    {
      id: "2",
      scope: "category" as const,
      category: "水果",
      storeId: null,
      stepAmount: 1000,
      pointsPerStep: 15,
      active: true,
    },
    {
      id: "3",
      scope: "store" as const,
      category: null,
      storeId: "s1",
      stepAmount: 100,
      pointsPerStep: 2,
      active: true,
    },
    {
      id: "4",
      scope: "category" as const,
      category: "烟酒",
      storeId: null,
      stepAmount: 100,
      pointsPerStep: 9,
      active: false,
    },
  ];

  it("uses the category rule, then the store's, then the shop's, per whole step", () => {
    const lines = [
      { category: "水果", netAmount: 2999 },
      { category: "乳品", netAmount: 1050 },
      { category: "烟酒", netAmount: 500 },
    ];
    expect(pointsForLines(rules, lines, null)).toBe(30 + 10 + 5);
    expect(pointsForLines(rules, lines, "s1")).toBe(30 + 20 + 10);
    expect(pointsForLines([], lines, null)).toBe(0);
    expect(withMultiplier(45, 150)).toBe(67);
  });
});

describe("literals in the ledger's lock batch", () => {
  it("doubles quotes, and escapes backslashes in an E'' string whatever standard_conforming_strings says", () => {
    expect(quoteLiteral("pos-1")).toBe("'pos-1'");
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral(String.raw`a\'b`)).toBe(String.raw`E'a\\''b'`);
    expect(() => quoteLiteral("a\u0000b")).toThrow();
  });
});
