import { describe, expect, it } from "vitest";
import type { CheckinSettings } from "../../../../shared/api-types";
import {
  checkinProblemsOf,
  cyclePoints,
  draftOf,
  resizeCycle,
  settingsBody,
  updateDay,
} from "./checkin-draft";

const saved: CheckinSettings = {
  enabled: true,
  cycleDays: 3,
  rewards: [
    { day: 1, points: 5, coupon: null },
    { day: 3, points: 30, coupon: { templateId: "T3", quantity: 2 } },
  ],
  afterCycle: "restart",
  makeup: { enabled: true, costPoints: 20, windowDays: 7, monthlyLimit: 2 },
  updatedAt: null,
};

describe("check-in schedule draft", () => {
  it("shows one row per day of the cycle, empty where the schedule pays nothing", () => {
    const draft = draftOf(saved);
    expect(draft.days.map((d) => [d.day, d.points, d.couponTemplateId])).toEqual([
      [1, 5, ""],
      [2, 0, ""],
      [3, 30, "T3"],
    ]);
    expect(cyclePoints(draft)).toBe(35);
  });

  it("sends only the days that earn something, with their coupon", () => {
    const body = settingsBody(updateDay(draftOf(saved), 2, { couponTemplateId: " T2 " }));
    expect(body.rewards).toEqual([
      { day: 1, points: 5, coupon: null },
      { day: 2, points: 0, coupon: { templateId: "T2", quantity: 1 } },
      { day: 3, points: 30, coupon: { templateId: "T3", quantity: 2 } },
    ]);
    expect(body).not.toHaveProperty("updatedAt");
  });

  it("grows the cycle with empty days and drops the days past a shorter one", () => {
    const longer = resizeCycle(draftOf(saved), 5);
    expect(longer.days.map((d) => d.points)).toEqual([5, 0, 30, 0, 0]);
    const shorter = resizeCycle(longer, 2);
    expect(settingsBody(shorter).rewards.map((r) => r.day)).toEqual([1]);
  });

  it("puts a complaint about the second reward sent on the day it belongs to", () => {
    const sent = settingsBody(draftOf(saved));
    const problems = checkinProblemsOf(
      {
        issues: [
          { path: "body.rewards.1.points", message: "too big" },
          { path: "body.makeup.costPoints", message: "negative" },
        ],
      },
      "Invalid request",
      sent,
    );
    expect(problems.days.get(3)).toBe("too big");
    expect(problems.fields["makeup.costPoints"]).toBe("negative");
    expect(checkinProblemsOf(undefined, "boom", sent).general).toEqual(["boom"]);
  });
});
