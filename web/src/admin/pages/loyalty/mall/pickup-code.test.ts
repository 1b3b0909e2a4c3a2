import { describe, expect, it } from "vitest";
import { digitsOfCode, groupCode, isCompleteCode, lastPickupMoment } from "./pickup-code";

describe("pickup codes as typed", () => {
  it.each([
    ["1234 5678 9012", "123456789012", true],
    ["1234-5678-9012", "123456789012", true],
    [" 12345678901 ", "12345678901", false],
    ["abcd", "", false],
  ])("reads %j as %s (complete: %s)", (typed, digits, complete) => {
    expect(digitsOfCode(typed)).toBe(digits);
    expect(isCompleteCode(digitsOfCode(typed))).toBe(complete);
  });

  it("groups codes in fours", () => {
    expect(groupCode("123456789012")).toBe("1234 5678 9012");
    expect(groupCode("12345")).toBe("1234 5");
  });

  it("shows the end of the pickup period as the minute before its midnight", () => {
    expect(lastPickupMoment("2026-12-06T16:00:00.000Z")).toBe("2026-12-06T15:59:00.000Z");
  });
});
