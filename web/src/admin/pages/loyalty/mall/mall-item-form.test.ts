import { describe, expect, it } from "vitest";
import { emptyItemValues, fieldErrorsOf, inputOfValues, valuesOfItem, yuanToFen } from "./mall-item-form";

describe("mall item form", () => {
  it.each([
    [12.5, 1250],
    [0.1, 10],
    [19.99, 1999],
    [null, 0],
    [undefined, 0],
  ])("turns %s yuan into %i 分", (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it("sends unlimited stock as null and empty texts as null", () => {
    const input = inputOfValues({
      ...emptyItemValues,
      name: " 杯子 ",
      unlimitedStock: true,
      description: "  ",
    });
    expect(input).toMatchObject({
      name: "杯子",
      stock: null,
      description: null,
      cashPrice: 0,
      couponSpec: null,
    });
  });

  it("parses a coupon spec only for coupons and refuses JSON that is not an object", () => {
    expect(
      inputOfValues({ ...emptyItemValues, kind: "coupon", couponSpec: '{"amount":500}' }).couponSpec,
    ).toEqual({
      amount: 500,
    });
    expect(
      inputOfValues({ ...emptyItemValues, kind: "physical", couponSpec: '{"amount":500}' }).couponSpec,
    ).toBeNull();
    expect(() => inputOfValues({ ...emptyItemValues, kind: "coupon", couponSpec: "[1]" })).toThrow(
      SyntaxError,
    );
  });

  it("round-trips an item through the form", () => {
    const item = {
      id: "i",
      kind: "service" as const,
      name: "洗车",
      description: null,
      imageUrl: null,
      pointsPrice: 300,
      cashPrice: 990,
      couponSpec: null,
      stock: null,
      perMemberLimit: 2,
      validFrom: "2026-12-01T00:00:00.000Z",
      validUntil: null,
      pickupDays: 7,
      active: true,
      sortOrder: 3,
      createdAt: "",
      updatedAt: "",
    };
    const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = item;
    expect(inputOfValues(valuesOfItem(item))).toEqual(rest);
  });

  it("maps the server's issue paths to form fields", () => {
    expect(
      fieldErrorsOf({ issues: [{ path: "body.validUntil", message: "must be after validFrom" }] }),
    ).toEqual([{ name: "validUntil", errors: ["must be after validFrom"] }]);
    expect(fieldErrorsOf({ issues: [{ path: "body.cashPrice", message: "too big" }] })[0]?.name).toBe(
      "cashYuan",
    );
    expect(fieldErrorsOf(undefined)).toEqual([]);
  });
});
