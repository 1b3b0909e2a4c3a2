import { describe, expect, it } from "vitest";
import type { CheckinCalendar } from "../../shared/api-types";
import { dayStateOf, makeUpBlocker, monthOf, rewardStrip, ymdOf } from "./calendar-days";

const calendar = (patch: Partial<CheckinCalendar> = {}): CheckinCalendar => ({
  enabled: true,
  month: "2026-12",
  today: "2026-12-10",
  checkedInToday: false,
  streak: 2,
  days: [
    {
      date: "2026-12-08",
      streak: 1,
      points: 5,
      coupon: null,
      madeUp: false,
      makeupCostPoints: 0,
      ledgerEntryId: null,
      createdAt: "",
    },
    {
      date: "2026-12-09",
      streak: 2,
      points: 0,
      coupon: null,
      madeUp: true,
      makeupCostPoints: 20,
      ledgerEntryId: null,
      createdAt: "",
    },
  ],
  todayReward: { scheduleDay: 3, points: 30, coupon: null },
  nextReward: { scheduleDay: 1, points: 5, coupon: null },
  schedule: {
    cycleDays: 3,
    afterCycle: "restart",
    rewards: [
      { day: 1, points: 5, coupon: null },
      { day: 2, points: 10, coupon: null },
      { day: 3, points: 30, coupon: { templateId: "T", quantity: 1 } },
    ],
  },
  makeup: {
    enabled: true,
    costPoints: 20,
    windowDays: 3,
    monthlyLimit: 2,
    usedThisMonth: 1,
    earliestDate: "2026-12-07",
  },
  pointsAvailable: 25,
  ...patch,
});

describe("check-in calendar days", () => {
  it("marks checked, made-up, open, make-up-able, missed and future days", () => {
    const c = calendar();
    expect(
      ["2026-12-06", "2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11"].map((d) =>
        dayStateOf(d, c),
      ),
    ).toEqual(["missed", "can_make_up", "checked", "made_up", "today_open", "future"]);
    expect(dayStateOf("2026-12-07", calendar({ makeup: { ...c.makeup, enabled: false } }))).toBe("missed");
  });

  it("ticks the days reached in this cycle and marks where the next check-in lands", () => {
    expect(rewardStrip(calendar()).map((d) => [d.day, d.reached, d.next, d.coupon])).toEqual([
      [1, true, false, false],
      [2, true, false, false],
      [3, false, true, true],
    ]);
    const done = rewardStrip(calendar({ checkedInToday: true, streak: 3 }));
    expect(done.map((d) => [d.reached, d.next])).toEqual([
      [true, true],
      [true, false],
      [true, false],
    ]);
    expect(
      rewardStrip(calendar({ streak: 0, todayReward: { scheduleDay: 1, points: 5, coupon: null } })).every(
        (d) => !d.reached,
      ),
    ).toBe(true);
  });

  it("says why a make-up cannot start", () => {
    expect(makeUpBlocker(calendar())).toBeNull();
    expect(makeUpBlocker(calendar({ pointsAvailable: 19 }))).toBe("short");
    const c = calendar();
    expect(makeUpBlocker(calendar({ makeup: { ...c.makeup, usedThisMonth: 2 } }))).toBe("used_up");
  });

  it("names calendar cells and pages as the API does", () => {
    expect(ymdOf(new Date(2026, 0, 5))).toBe("2026-01-05");
    expect(monthOf(2026, 3)).toBe("2026-03");
  });
});
