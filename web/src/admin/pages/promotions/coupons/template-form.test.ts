import { describe, expect, it } from "vitest";
import type { CouponTemplate } from "../../../../shared/api-types";
import {
  emptyTemplateValues,
  fenToYuan,
  formFieldOfApiPath,
  formValuesOf,
  placeTemplateErrors,
  type TemplateFormValues,
  templateInputOf,
  yuanToFen,
} from "./template-form";

const base = (overrides: Partial<TemplateFormValues>): TemplateFormValues => ({
  ...emptyTemplateValues,
  name: " 满减券 ",
  ...overrides,
});

describe("yuan and fen", () => {
  it("types 元 and sends whole 分, without float drift", () => {
    expect(yuanToFen(0.1 + 0.2)).toBe(30);
    expect(yuanToFen(19.99)).toBe(1999);
    expect(yuanToFen(100)).toBe(10000);
    expect(fenToYuan(1999)).toBe(19.99);
  });
});

describe("template form → API input", () => {
  it("sends 满100减10 / 满200减25 as tiers in 分, with the default scope and stacking", () => {
    const input = templateInputOf(
      base({
        tiers: [
          { minSpendYuan: 100, amountOffYuan: 10 },
          { minSpendYuan: 200, amountOffYuan: 25 },
        ],
      }),
    );
    expect(input.name).toBe("满减券");
    expect(input.rule).toEqual({
      kind: "threshold",
      tiers: [
        { minSpend: 10000, amountOff: 1000 },
        { minSpend: 20000, amountOff: 2500 },
      ],
      minSpend: 0,
      scope: {},
      stacking: { exclusive: false, group: "order" },
    });
    expect(input.validity).toEqual({ type: "days_after_issue", days: 30 });
    expect(input.audience).toBeNull();
    expect(input.stock).toBeNull();
  });

  it("keeps the chosen first-order mode only, and leaves out an empty cap", () => {
    const percent = templateInputOf(
      base({ kind: "first_order", firstOrderMode: "percent", percentOff: 20, amountOffYuan: 5 }),
    );
    expect(percent.rule).toMatchObject({ kind: "first_order", percentOff: 20 });
    expect("amountOff" in percent.rule).toBe(false);
    expect("maxDiscount" in percent.rule).toBe(false);
    const amount = templateInputOf(
      base({ kind: "first_order", firstOrderMode: "amount", amountOffYuan: 5.5 }),
    );
    expect(amount.rule).toMatchObject({ kind: "first_order", amountOff: 550 });
    expect("percentOff" in amount.rule).toBe(false);
  });

  it("sends scope lists trimmed, a schedule only when it limits something, and the audience", () => {
    const input = templateInputOf(
      base({
        kind: "percent_off",
        percentOff: 15,
        maxDiscountYuan: 30,
        includeCategories: [" 茶叶 ", ""],
        excludeSkus: ["GIFT-BOX"],
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        hoursFrom: "22:00",
        hoursTo: "02:00",
        audienceKind: "levels",
        levelIds: ["a", "b"],
        budgetYuan: 1000.5,
        stock: 500,
        perCustomerLimit: 2,
      }),
    );
    expect(input.rule).toMatchObject({
      percentOff: 15,
      maxDiscount: 3000,
      scope: { includeCategories: ["茶叶"], excludeSkus: ["GIFT-BOX"] },
      schedule: { hours: { from: "22:00", to: "02:00" } },
    });
    expect(input.rule.schedule?.weekdays).toBeUndefined();
    expect(input.audience).toEqual({ kind: "levels", ids: ["a", "b"] });
    expect(input.budget).toBe(100050);
    expect([input.stock, input.perCustomerLimit]).toEqual([500, 2]);
  });

  it("sends gift and exchange coupons with their items", () => {
    const gift = templateInputOf(
      base({
        kind: "gift",
        giftSku: "BAG",
        giftName: "帆布袋",
        giftQuantity: 1,
        giftUnitPriceYuan: 15,
        minSpendYuan: 200,
        stackingGroup: "gift",
      }),
    );
    expect(gift.rule).toMatchObject({
      kind: "gift",
      gift: { sku: "BAG", name: "帆布袋", quantity: 1, unitPrice: 1500 },
      minSpend: 20000,
      stacking: { group: "gift" },
    });
    const exchange = templateInputOf(base({ kind: "exchange", exchangeSku: "LATTE", exchangeQuantity: 2 }));
    expect(exchange.rule).toMatchObject({ kind: "exchange", exchangeSku: "LATTE", exchangeQuantity: 2 });
  });

  it("offers a starting tier when a saved template of another kind turns into 满减", () => {
    const values = formValuesOf({
      name: "立减5元",
      description: null,
      rule: { kind: "amount_off", amountOff: 500 },
      validity: { type: "days_after_issue", days: 7 },
      stock: null,
      perCustomerLimit: null,
      budget: null,
      audience: null,
      claimable: false,
      status: "active",
    });
    expect(values.amountOffYuan).toBe(5);
    expect(values.tiers).toEqual([{ minSpendYuan: 100, amountOffYuan: 10 }]);
    expect(templateInputOf({ ...values, kind: "threshold" }).rule).toMatchObject({
      kind: "threshold",
      tiers: [{ minSpend: 10000, amountOff: 1000 }],
    });
  });

  it("round-trips a saved template through the form unchanged", () => {
    const saved: Pick<
      CouponTemplate,
      | "name"
      | "description"
      | "rule"
      | "validity"
      | "stock"
      | "perCustomerLimit"
      | "budget"
      | "audience"
      | "claimable"
      | "status"
    > = {
      name: "周末茶叶八折",
      description: "仅限周末",
      rule: {
        kind: "percent_off",
        percentOff: 20,
        maxDiscount: 5000,
        minSpend: 3000,
        scope: { storeIds: ["s1"], includeCategories: ["茶叶"] },
        schedule: { weekdays: [6, 7], hours: { from: "09:00", to: "21:00" } },
        stacking: { exclusive: true, group: "category" },
      },
      validity: { type: "fixed", validFrom: null, validUntil: "2026-12-31T16:00:00.000Z" },
      stock: 1000,
      perCustomerLimit: 1,
      budget: 500000,
      audience: { kind: "segment", id: "seg" },
      claimable: true,
      status: "active",
    };
    const { status: _status, ...input } = saved;
    expect(templateInputOf(formValuesOf(saved))).toEqual(input);
  });
});

describe("API issue paths → form fields", () => {
  it.each([
    ["body.rule.tiers.1.amountOff", ["tiers", 1, "amountOffYuan"]],
    ["body.rule.tiers.0.minSpend", ["tiers", 0, "minSpendYuan"]],
    ["body.rule.amountOff", ["amountOffYuan"]],
    ["body.rule.maxDiscount", ["maxDiscountYuan"]],
    ["body.rule.minSpend", ["minSpendYuan"]],
    ["body.rule.gift.unitPrice", ["giftUnitPriceYuan"]],
    ["body.rule.scope.includeSkus.2", ["includeSkus"]],
    ["body.rule.schedule.hours.to", ["hoursTo"]],
    ["body.validity.validUntil", ["validUntil"]],
    ["body.validity.days", ["validDays"]],
    ["body.budget", ["budgetYuan"]],
    ["body.stock", ["stock"]],
    ["body.audience.id", ["audienceId"]],
    ["body.audience.ids", ["levelIds"]],
    ["body.rule.tiers", null],
    ["body.rule", ["kind"]],
  ])("%s → %j", (path, field) => {
    expect(formFieldOfApiPath(path)).toEqual(field);
  });

  it("places each issue beside its field and keeps the unplaced ones general", () => {
    const placed = placeTemplateErrors(
      {
        issues: [
          { path: "body.rule.tiers.1.amountOff", message: "tiers go up" },
          { path: "body.rule.tiers.1.amountOff", message: "too much" },
          { path: "body", message: "unrecognized key" },
        ],
      },
      "Invalid request",
    );
    expect(placed.fields).toEqual([
      { name: ["tiers", 1, "amountOffYuan"], errors: ["tiers go up", "too much"] },
    ]);
    expect(placed.general).toEqual(["body: unrecognized key"]);
    expect(placeTemplateErrors(undefined, "Out of stock")).toEqual({ fields: [], general: ["Out of stock"] });
  });
});
