import { describe, expect, it } from "vitest";
import { formatFen, parseYuanToFen } from "../src/lib/money.js";

describe("parseYuanToFen", () => {
  it.each([
    ["12.5", 1250],
    ["12.50", 1250],
    ["12", 1200],
    ["0.1", 10],
    ["0.07", 7],
    [".5", 50],
    ["¥1,234.50", 123450],
    ["￥ 8.8", 880],
    ["1,234,567.89", 123456789],
    ["-3.2", -320],
    ["¥-3.2", -320],
    ["-¥3.2", -320],
    [" 19.9元 ", 1990],
    ["0", 0],
    ["-0", 0],
    ["1.10", 110],
    ["4.35", 435],
    ["1.00", 100],
  ])("reads %j as %i 分", (input, fen) => {
    expect(parseYuanToFen(input)).toBe(fen);
  });

  it.each(["", "abc", "1.234", "12.5.1", "1,23.4", "--1", "1e3", "¥", "12,5"])("rejects %j", (input) => {
    expect(parseYuanToFen(input)).toBeNull();
  });

  it("is exact where floats are not (0.1 + 0.2, 4.35 * 100)", () => {
    expect(parseYuanToFen("0.3")).toBe(30);
    expect(parseYuanToFen("4.35")).toBe(435);
    expect(parseYuanToFen("1.15")).toBe(115);
  });
});

describe("formatFen", () => {
  it.each([
    [0, "0.00"],
    [5, "0.05"],
    [123450, "1234.50"],
    [-320, "-3.20"],
  ])("formats %i as %s", (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });
});
