import { describe, expect, it } from "vitest";
import { walletText } from "./wallet-messages";

describe("walletText", () => {
  it("says when points expire, in both languages", () => {
    expect(walletText("zh-CN", "expiring", { points: 120, date: "2027-06-30" })).toBe(
      "120 积分将于 2027-06-30 过期",
    );
    expect(walletText("en", "expiring", { points: 120, date: "2027-06-30" })).toBe(
      "Expiring on 2027-06-30: 120 points",
    );
  });
});
