import { describe, expect, it } from "vitest";
import { formatDateTime } from "../../../../shared/time";
import { groupCode, isCompleteCode, lastValidText, parseAmountToFen, symbolsOfCode } from "./verify-input";

describe("the counter's inputs", () => {
  it("reads amounts in yuan as 分 without float rounding", () => {
    expect(parseAmountToFen("128")).toBe(12800);
    expect(parseAmountToFen("128.5")).toBe(12850);
    expect(parseAmountToFen("0.29")).toBe(29);
    expect(parseAmountToFen("1,280.07")).toBe(128007);
    expect(parseAmountToFen(" ¥99.9 ")).toBe(9990);
    expect(parseAmountToFen("128.")).toBe(12800);
    expect(parseAmountToFen("1.005")).toBeNull();
    expect(parseAmountToFen("0")).toBeNull();
    expect(parseAmountToFen("-5")).toBeNull();
    expect(parseAmountToFen("abc")).toBeNull();
    expect(parseAmountToFen("")).toBeNull();
  });

  it("reads codes with spaces, dashes and lower case", () => {
    const symbols = symbolsOfCode("abcd-efgh jkmn");
    expect(symbols).toBe("ABCDEFGHJKMN");
    expect(isCompleteCode(symbols)).toBe(true);
    expect(groupCode(symbols)).toBe("ABCD EFGH JKMN");
    expect(isCompleteCode("ABCDEFGHJKM0")).toBe(false);
    expect(isCompleteCode("ABCDEFGHJKM")).toBe(false);
  });

  it("shows a validity ending at local midnight as the minute before", () => {
    const shanghai = (iso: string) => formatDateTime(iso, "Asia/Shanghai");
    expect(lastValidText("2026-12-29T16:00:00Z", shanghai)).toBe("2026-12-29 23:59");
    expect(lastValidText("2026-12-29T10:00:00Z", shanghai)).toBe("2026-12-29 18:00");
  });
});
