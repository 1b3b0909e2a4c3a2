import { describe, expect, it } from "vitest";
import { levelText, zheOf } from "./level-messages";

describe("member level texts", () => {
  it("writes percent off as 折 in Chinese", () => {
    expect(zheOf(5)).toBe("9.5");
    expect(zheOf(10)).toBe("9");
    expect(zheOf(25)).toBe("7.5");
  });
  it("fills both languages", () => {
    expect(levelText("zh-CN", "nextSpend", { missing: "¥100.00", name: "金卡" })).toBe(
      "再消费 ¥100.00 升级为 金卡",
    );
    expect(levelText("en", "nextSpend", { missing: "¥100.00", name: "Gold" })).toBe(
      "Spend ¥100.00 more to reach Gold",
    );
  });
});
