import { describe, expect, it } from "vitest";
import { maskPhone } from "./mask-phone";

describe("maskPhone", () => {
  it.each([
    ["13800000001", "138****0001"],
    ["+8613800000001", "+8613800000001"],
    ["", ""],
    [null, ""],
  ])("shows %s as %s", (phone, shown) => {
    expect(maskPhone(phone)).toBe(shown);
  });
});
