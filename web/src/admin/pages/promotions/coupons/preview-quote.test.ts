import { describe, expect, it } from "vitest";
import type { CouponTemplate, IssuedCoupon } from "../../../../shared/api-types";
import { isEdited, pickSampleCoupon, previewSupport } from "./preview-quote";
import { formValuesOf, templateInputOf } from "./template-form";

const coupon = (id: string, status: IssuedCoupon["status"], customerId: string | null): IssuedCoupon => ({
  id,
  templateId: "t",
  templateName: "满100减10",
  summary: "满100减10",
  customerId,
  code: `CODE${id}`,
  codeDisplay: `CODE ${id}`,
  status,
  validFrom: "2026-11-01T00:00:00Z",
  validUntil: "2026-12-31T00:00:00Z",
  issuedAt: "2026-11-01T00:00:00Z",
  source: "segment",
  batchId: null,
  redeemedAt: null,
});

const template: CouponTemplate = {
  id: "t",
  name: "满100减10",
  description: null,
  rule: {
    kind: "threshold",
    tiers: [{ minSpend: 10000, amountOff: 1000 }],
    minSpend: 0,
    scope: {},
    stacking: { exclusive: false, group: "order" },
  },
  summary: "满100减10",
  validity: { type: "days_after_issue", days: 30 },
  stock: null,
  issued: 3,
  remaining: null,
  perCustomerLimit: null,
  budget: null,
  spent: 0,
  audience: null,
  claimable: false,
  status: "active",
  createdAt: "2026-11-01T00:00:00Z",
  updatedAt: "2026-11-01T00:00:00Z",
};

describe("the preview's coupon", () => {
  it("quotes with an available coupon, an unbound code first, never a used one", () => {
    expect(pickSampleCoupon([coupon("1", "redeemed", null), coupon("2", "available", "c")])?.id).toBe("2");
    expect(pickSampleCoupon([coupon("2", "available", "c"), coupon("3", "available", null)])?.id).toBe("3");
    expect(pickSampleCoupon([coupon("1", "expired", null), coupon("2", "reserved", "c")])).toBeNull();
  });

  it("says why there is nothing to quote with: unsaved, or nothing issued yet", () => {
    expect(previewSupport(null, null, null)).toEqual({ kind: "none", reason: "coupons.preview.saveFirst" });
    expect(previewSupport(template, null, null)).toEqual({
      kind: "none",
      reason: "coupons.preview.issueFirst",
    });
    expect(previewSupport(template, null, coupon("3", "available", null))).toMatchObject({
      kind: "code",
      code: "CODE3",
      edited: false,
    });
  });

  it("notices when the form no longer matches the saved template", () => {
    const unchanged = templateInputOf(formValuesOf(template));
    expect(isEdited(template, unchanged)).toBe(false);
    const edited = templateInputOf({
      ...formValuesOf(template),
      tiers: [{ minSpendYuan: 100, amountOffYuan: 15 }],
    });
    expect(isEdited(template, edited)).toBe(true);
  });
});
