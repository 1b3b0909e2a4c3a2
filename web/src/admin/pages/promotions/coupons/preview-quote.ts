// How the editor's preview prices its sample cart. The checkout quote API prices issued coupons (codes or a
// customer's "best"); the preview must not issue a coupon to price a template, so it prices only what the
// API can price without one, and says so otherwise (no discount arithmetic runs in the browser).
import type { CartLineInput, CouponTemplate, CouponTemplateInput, Quote } from "../../../../shared/api-types";
import type { MessageKey } from "../../../i18n/zh-cn";

export type PreviewSupport =
  | { kind: "none"; reason: MessageKey }
  | { kind: "quote"; note: MessageKey | null };

/** The quote API has no way yet to price a template (saved or not) without an issued coupon. */
export function previewSupport(
  _template: CouponTemplate | null,
  _draft: CouponTemplateInput | null,
): PreviewSupport {
  return { kind: "none", reason: "coupons.preview.unsupported" };
}

export async function quoteTemplate(_support: PreviewSupport, _lines: CartLineInput[]): Promise<Quote> {
  throw new Error("the quote API cannot price a template");
}
