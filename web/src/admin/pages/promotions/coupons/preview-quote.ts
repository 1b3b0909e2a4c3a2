// How the editor's preview prices its sample cart. The checkout quote API prices issued coupons (codes or a
// customer's "best"), not a template, and the preview must not issue a coupon to price one. So it quotes
// with a coupon this template has already issued and that is still available — a dry run that writes
// nothing — and says when that is impossible (a new or never-issued template) rather than pricing the cart
// itself: the discount arithmetic stays on the server.
import { api } from "../../../../shared/api";
import type {
  CartLineInput,
  CouponTemplate,
  CouponTemplateInput,
  IssuedCoupon,
  Quote,
} from "../../../../shared/api-types";
import type { MessageKey } from "../../../i18n/zh-cn";
import { formValuesOf, templateInputOf } from "./template-form";

export type PreviewSupport =
  | { kind: "none"; reason: MessageKey }
  | { kind: "code"; code: string; codeDisplay: string; edited: boolean };

/** An available coupon of the template to quote with; an unbound batch code first (it has no owner). */
export function pickSampleCoupon(coupons: IssuedCoupon[]): IssuedCoupon | null {
  const available = coupons.filter((c) => c.status === "available");
  return available.find((c) => c.customerId === null) ?? available[0] ?? null;
}

/** Whether the form differs from the saved template (the quote prices the saved one). */
export function isEdited(template: CouponTemplate, draft: CouponTemplateInput | null): boolean {
  if (!draft) return false;
  return JSON.stringify(templateInputOf(formValuesOf(template))) !== JSON.stringify(draft);
}

export function previewSupport(
  template: CouponTemplate | null,
  draft: CouponTemplateInput | null,
  sample: IssuedCoupon | null,
): PreviewSupport {
  if (!template) return { kind: "none", reason: "coupons.preview.saveFirst" };
  if (!sample) return { kind: "none", reason: "coupons.preview.issueFirst" };
  return {
    kind: "code",
    code: sample.code,
    codeDisplay: sample.codeDisplay,
    edited: isEdited(template, draft),
  };
}

export function quoteSample(support: PreviewSupport, lines: CartLineInput[]): Promise<Quote> {
  if (support.kind === "none") return Promise.reject(new Error("nothing to quote with"));
  return api.post<Quote>("/api/v1/checkout/quote", { lines, coupons: [support.code] });
}
