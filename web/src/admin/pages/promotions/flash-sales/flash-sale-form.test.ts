import { describe, expect, it } from "vitest";
import type { FlashSale } from "../../../../shared/api-types";
import { fieldErrorsOf, inputOfValues, takenPercent, valuesOfSale, yuanToFen } from "./flash-sale-form";

const sale: FlashSale = {
  id: "s1",
  name: "双十二秒杀",
  sku: "CUP-01",
  itemName: "保温杯",
  imageUrl: null,
  originalPrice: 9900,
  price: 1990,
  stock: 100,
  sold: 30,
  held: 12,
  left: 58,
  perMemberLimit: 2,
  audience: { kind: "segment", id: "seg-1" },
  startsAt: "2026-12-12T02:00:00.000Z",
  endsAt: "2026-12-12T04:00:00.000Z",
  paymentMinutes: 15,
  status: "active",
  phase: "upcoming",
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
};

describe("flash sale form", () => {
  it("sends yuan as whole 分, without float error", () => {
    expect(yuanToFen(19.9)).toBe(1990);
    expect(yuanToFen(0.07)).toBe(7);
    expect(yuanToFen(null)).toBe(0);
  });

  it("round-trips a sale through the form", () => {
    const input = inputOfValues(valuesOfSale(sale));
    expect(input).toEqual({
      name: "双十二秒杀",
      sku: "CUP-01",
      itemName: "保温杯",
      imageUrl: null,
      originalPrice: 9900,
      price: 1990,
      stock: 100,
      perMemberLimit: 2,
      audience: { kind: "segment", id: "seg-1" },
      startsAt: sale.startsAt,
      endsAt: sale.endsAt,
      paymentMinutes: 15,
      status: "active",
    });
  });

  it("sends no audience for everyone, and none without a chosen group", () => {
    const values = valuesOfSale(sale);
    expect(inputOfValues({ ...values, audienceKind: "everyone" }).audience).toBeNull();
    expect(inputOfValues({ ...values, audienceKind: "layer", audienceId: null }).audience).toBeNull();
    expect(inputOfValues({ ...values, audienceKind: "levels", audienceIds: ["l2", "l3"] }).audience).toEqual({
      kind: "levels",
      ids: ["l2", "l3"],
    });
    expect(inputOfValues({ ...values, audienceKind: "levels", audienceIds: [] }).audience).toBeNull();
    expect(inputOfValues({ ...values, perMemberLimit: null }).perMemberLimit).toBeNull();
  });

  it("puts the server's issues on the form's fields", () => {
    expect(
      fieldErrorsOf({
        issues: [
          { path: "body.price", message: "must not exceed originalPrice" },
          { path: "body.endsAt", message: "must be after startsAt" },
          { path: "body.audience.id", message: "no segment with this id" },
          { path: "body.audience.ids", message: "no levels with this id" },
          { path: "body.stock", message: "at least 42" },
        ],
      }),
    ).toEqual([
      { name: "priceYuan", errors: ["must not exceed originalPrice"] },
      { name: "window", errors: ["must be after startsAt"] },
      { name: "audienceId", errors: ["no segment with this id"] },
      { name: "audienceIds", errors: ["no levels with this id"] },
      { name: "stock", errors: ["at least 42"] },
    ]);
    expect(fieldErrorsOf(undefined)).toEqual([]);
  });

  it("shows how much of the stock is gone", () => {
    expect(takenPercent(sale)).toBe(42);
    expect(takenPercent({ stock: 0, sold: 0, held: 0 })).toBe(100);
    expect(takenPercent({ stock: 3, sold: 3, held: 0 })).toBe(100);
  });
});
